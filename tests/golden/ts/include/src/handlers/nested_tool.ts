// Handler of the tool nested_tool: Declared two includes deep
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: nestedTool(NestedToolArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { NestedToolArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function nestedTool(args: NestedToolArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool nested_tool is not implemented yet");
}
