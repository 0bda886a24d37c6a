// Handler of the tool count_items: Returns a bare integer, wrapped as {result}
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: countItems(CountItemsArgs) -> CountItemsResult #af6eca68
import type { ServerContext } from '@modelcontextprotocol/server';

import type { CountItemsArgs, CountItemsResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function countItems(args: CountItemsArgs, _ctx: ServerContext): Promise<CountItemsResult> {
  void args;
  throw new Error("tool count_items is not implemented yet");
}
