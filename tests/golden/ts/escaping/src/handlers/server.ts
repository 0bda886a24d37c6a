// Handler of the tool server: named server \
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: server_(ServerArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { ServerArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function server_(args: ServerArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool server is not implemented yet");
}
