// Handler of the tool status: Reports the server status
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: status(StatusArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { StatusArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function status(args: StatusArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool status is not implemented yet");
}
