// Handler of the tool args: named args \
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: args_(ArgsArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { ArgsArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function args_(args: ArgsArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool args is not implemented yet");
}
