// Handler of the tool undefined: named undefined \
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: undefined_(UndefinedArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { UndefinedArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function undefined_(args: UndefinedArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool undefined is not implemented yet");
}
