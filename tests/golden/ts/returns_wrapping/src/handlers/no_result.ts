// Handler of the tool no_result: Declares no result at all, so it has no output schema
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: noResult(NoResultArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { NoResultArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function noResult(args: NoResultArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool no_result is not implemented yet");
}
