// Handler of the tool no_arguments: The recommended input schema for a tool without parameters
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: noArguments(NoArgumentsArgs) #9ee2d88d
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { NoArgumentsArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function noArguments(args: NoArgumentsArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool no_arguments is not implemented yet");
}
