// Handler of the tool sync_catalog: Pull the latest product catalog into the inventory database
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: syncCatalog(SyncCatalogArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { SyncCatalogArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function syncCatalog(args: SyncCatalogArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool sync_catalog is not implemented yet");
}
