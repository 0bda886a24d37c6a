// Handler of the tool shared_a: A literal block scalar keeps its line breaks.
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: sharedA(SharedAArgs) #ca13fed4
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { SharedAArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function sharedA(args: SharedAArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool shared_a is not implemented yet");
}
