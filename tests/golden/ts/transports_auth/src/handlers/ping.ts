// Handler of the tool ping: Answers pong
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: ping(PingArgs) -> PingResult #dcaa1dce
import type { ServerContext } from '@modelcontextprotocol/server';

import type { PingArgs, PingResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function ping(args: PingArgs, _ctx: ServerContext): Promise<PingResult> {
  void args;
  throw new Error("tool ping is not implemented yet");
}
