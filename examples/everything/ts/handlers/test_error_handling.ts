// Handler of the tool test_error_handling: Always fails
// mcpc-signature: testErrorHandling(TestErrorHandlingArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { TestErrorHandlingArgs } from '../schemas.js';

export async function testErrorHandling(_args: TestErrorHandlingArgs, _ctx: ServerContext): Promise<CallToolResult> {
  return { content: [{ type: 'text', text: 'This tool intentionally returns an error for testing' }], isError: true };
}
