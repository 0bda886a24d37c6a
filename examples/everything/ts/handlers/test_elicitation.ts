// Handler of the tool test_elicitation: Asks the user for information
// mcpc-signature: testElicitation(TestElicitationArgs) #a7c25d8b
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { TestElicitationArgs } from '../schemas.js';

export async function testElicitation(args: TestElicitationArgs, ctx: ServerContext): Promise<CallToolResult> {
  const result = await ctx.mcpReq.elicitInput({
    message: args.message,
    requestedSchema: {
      type: 'object',
      properties: {
        username: { type: 'string', description: 'Your username' },
        email: { type: 'string', format: 'email', description: 'Your email' },
      },
      required: ['username', 'email'],
    },
  });
  return {
    content: [{ type: 'text', text: `User response: action=${result.action}, content=${JSON.stringify(result.content ?? {})}` }],
  };
}
