// Handler of the tool test_tool_with_progress: Reports progress while it runs
// mcpc-signature: testToolWithProgress(TestToolWithProgressArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { TestToolWithProgressArgs } from '../schemas.js';
import { sleep } from './fixtures.js';

export async function testToolWithProgress(_args: TestToolWithProgressArgs, ctx: ServerContext): Promise<CallToolResult> {
  const progressToken = ctx.mcpReq._meta?.progressToken;
  for (const step of [0, 50, 100]) {
    if (progressToken !== undefined) {
      await ctx.mcpReq.notify({
        method: 'notifications/progress',
        params: { progressToken, progress: step, total: 100, message: `Completed step ${step} of 100` },
      });
    }
    if (step !== 100) await sleep(50, ctx);
  }
  return { content: [{ type: 'text', text: 'Tool with progress completed' }] };
}
