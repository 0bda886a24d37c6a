// Handler of the tool test_simple_text: Returns a simple text response
// mcpc-signature: testSimpleText(TestSimpleTextArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { TestSimpleTextArgs } from '../schemas.js';

export async function testSimpleText(_args: TestSimpleTextArgs, _ctx: ServerContext): Promise<CallToolResult> {
  return { content: [{ type: 'text', text: 'This is a simple text response for testing.' }] };
}
