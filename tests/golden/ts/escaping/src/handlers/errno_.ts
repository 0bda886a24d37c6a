// Handler of the tool errno: named errno \
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: errno(ErrnoArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { ErrnoArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function errno(args: ErrnoArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool errno is not implemented yet");
}
