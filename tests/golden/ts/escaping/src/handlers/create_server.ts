// Handler of the tool create-server: named create-server \
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: createServer_(CreateServerArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { CreateServerArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function createServer_(args: CreateServerArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool create-server is not implemented yet");
}
