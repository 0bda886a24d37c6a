// Handler of the tool job: A tool triggers call
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: job(JobArgs) #b1962115
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { JobArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function job(args: JobArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool job is not implemented yet");
}
