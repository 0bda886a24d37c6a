// Handler of the tool test_reconnection: Closes its SSE stream early, to test resumption
// mcpc-signature: testReconnection(TestReconnectionArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { TestReconnectionArgs } from '../schemas.js';
import { sleep } from './fixtures.js';

export async function testReconnection(_args: TestReconnectionArgs, ctx: ServerContext): Promise<CallToolResult> {
  // Over HTTP with resumability, close this request's SSE stream: the client must come back
  // with Last-Event-ID to get the answer. (Elsewhere closeSSE is absent and the answer is direct.)
  ctx.http?.closeSSE?.();
  await sleep(300, ctx);
  return { content: [{ type: 'text', text: 'Reconnection test completed' }] };
}
