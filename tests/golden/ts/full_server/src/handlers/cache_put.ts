// Handler of the tool cache.put: Store a value in the cache
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: cachePut(CachePutArgs) #5df48457
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { CachePutArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function cachePut(args: CachePutArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool cache.put is not implemented yet");
}
