// Handler of the tool list_names: Returns an array, wrapped as {result}
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: listNames(ListNamesArgs) -> ListNamesResult #5a52992c
import type { ServerContext } from '@modelcontextprotocol/server';

import type { ListNamesArgs, ListNamesResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function listNames(args: ListNamesArgs, _ctx: ServerContext): Promise<ListNamesResult> {
  void args;
  throw new Error("tool list_names is not implemented yet");
}
