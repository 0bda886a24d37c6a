// Handler of the tool included_tool: Declared in include/tools.part.yaml
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: includedTool(IncludedToolArgs) #7d214491
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { IncludedToolArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function includedTool(args: IncludedToolArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool included_tool is not implemented yet");
}
