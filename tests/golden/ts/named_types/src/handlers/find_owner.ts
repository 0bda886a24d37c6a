// Handler of the tool find_owner: Who owns a bookmark, if anyone
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: findOwner(FindOwnerArgs) -> FindOwnerResult #a0817629
import type { ServerContext } from '@modelcontextprotocol/server';

import type { FindOwnerArgs, FindOwnerResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function findOwner(args: FindOwnerArgs, _ctx: ServerContext): Promise<FindOwnerResult> {
  void args;
  throw new Error("tool find_owner is not implemented yet");
}
