// Handler of the tool listed-as: named listed-as \
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: listedAs_(ListedAsArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { ListedAsArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function listedAs_(args: ListedAsArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool listed-as is not implemented yet");
}
