// Handler of the tool get_bookmark: One bookmark, by id
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: getBookmark(GetBookmarkArgs) -> GetBookmarkResult #7c9c37b2
import type { ServerContext } from '@modelcontextprotocol/server';

import type { GetBookmarkArgs, GetBookmarkResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function getBookmark(args: GetBookmarkArgs, _ctx: ServerContext): Promise<GetBookmarkResult> {
  void args;
  throw new Error("tool get_bookmark is not implemented yet");
}
