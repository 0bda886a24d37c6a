// Handler of the tool stats: Returns an object, used as the output schema unchanged
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: stats(StatsArgs) -> StatsResult #b836487e
import type { ServerContext } from '@modelcontextprotocol/server';

import type { StatsArgs, StatsResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function stats(args: StatsArgs, _ctx: ServerContext): Promise<StatsResult> {
  void args;
  throw new Error("tool stats is not implemented yet");
}
