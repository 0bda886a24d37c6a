// Handler of the tool refresh_cache: Drop cached stock levels so the next reads hit the database
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: refreshCache(RefreshCacheArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { RefreshCacheArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function refreshCache(args: RefreshCacheArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool refresh_cache is not implemented yet");
}
