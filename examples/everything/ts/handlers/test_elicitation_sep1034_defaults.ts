// Handler of the tool test_elicitation_sep1034_defaults: Elicitation with defaults on every primitive
// mcpc-signature: testElicitationSep1034Defaults(TestElicitationSep1034DefaultsArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { TestElicitationSep1034DefaultsArgs } from '../schemas.js';

export async function testElicitationSep1034Defaults(_args: TestElicitationSep1034DefaultsArgs, ctx: ServerContext): Promise<CallToolResult> {
  const result = await ctx.mcpReq.elicitInput({
    message: 'Please review and update the form fields with defaults',
    requestedSchema: {
      type: 'object',
      properties: {
        name: { type: 'string', description: 'User name', default: 'John Doe' },
        age: { type: 'integer', description: 'User age', default: 30 },
        score: { type: 'number', description: 'User score', default: 95.5 },
        status: { type: 'string', description: 'User status', enum: ['active', 'inactive', 'pending'], default: 'active' },
        verified: { type: 'boolean', description: 'Verification status', default: true },
      },
    },
  });
  return {
    content: [{ type: 'text', text: `Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}` }],
  };
}
