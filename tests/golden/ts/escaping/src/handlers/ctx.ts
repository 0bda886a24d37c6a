// Handler of the tool ctx: named ctx \
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: ctx_(CtxArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { CtxArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function ctx_(args: CtxArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool ctx is not implemented yet");
}
