// Handler of the tool shared_b: It's the same parameters, through an alias
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: sharedB(SharedBArgs) #ca13fed4
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { SharedBArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function sharedB(args: SharedBArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool shared_b is not implemented yet");
}
