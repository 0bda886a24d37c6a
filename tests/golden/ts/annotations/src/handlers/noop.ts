// Handler of the tool noop: Has no annotations at all
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: noop(NoopArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { NoopArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function noop(args: NoopArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool noop is not implemented yet");
}
