// Handler of the tool test_sampling: Asks the client's LLM
// mcpc-signature: testSampling(TestSamplingArgs) #7637d0d3
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { TestSamplingArgs } from '../schemas.js';

export async function testSampling(args: TestSamplingArgs, ctx: ServerContext): Promise<CallToolResult> {
  const result = await ctx.mcpReq.requestSampling({
    messages: [{ role: 'user', content: { type: 'text', text: args.prompt } }],
    maxTokens: 100,
  });
  const blocks = Array.isArray(result.content) ? result.content : [result.content];
  const first = blocks[0];
  const text = first !== undefined && first.type === 'text' ? first.text : JSON.stringify(result);
  return { content: [{ type: 'text', text: `LLM response: ${text}` }] };
}
