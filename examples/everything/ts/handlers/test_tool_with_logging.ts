// Handler of the tool test_tool_with_logging: Sends log messages while it runs
// mcpc-signature: testToolWithLogging(TestToolWithLoggingArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { TestToolWithLoggingArgs } from '../schemas.js';
import { sleep } from './fixtures.js';

export async function testToolWithLogging(_args: TestToolWithLoggingArgs, ctx: ServerContext): Promise<CallToolResult> {
  await ctx.mcpReq.log('info', 'Tool execution started');
  await sleep(50, ctx);
  await ctx.mcpReq.log('info', 'Tool processing data');
  await sleep(50, ctx);
  await ctx.mcpReq.log('info', 'Tool execution completed');
  return { content: [{ type: 'text', text: 'Tool with logging executed successfully' }] };
}
