// Handler of the tool cache.get: Read a value from the cache
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: cacheGet(CacheGetArgs) -> CacheGetResult #1e2579fb
import type { ServerContext } from '@modelcontextprotocol/server';

import type { CacheGetArgs, CacheGetResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function cacheGet(args: CacheGetArgs, _ctx: ServerContext): Promise<CacheGetResult> {
  void args;
  throw new Error("tool cache.get is not implemented yet");
}
