// Handler of the tool root_tool: Declared in the root file
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: rootTool(RootToolArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { RootToolArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function rootTool(args: RootToolArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool root_tool is not implemented yet");
}
