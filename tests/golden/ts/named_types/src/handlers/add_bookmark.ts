// Handler of the tool add_bookmark: Saves a link
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: addBookmark(AddBookmarkArgs) -> AddBookmarkResult #a91ed4f7
import type { ServerContext } from '@modelcontextprotocol/server';

import type { AddBookmarkArgs, AddBookmarkResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function addBookmark(args: AddBookmarkArgs, _ctx: ServerContext): Promise<AddBookmarkResult> {
  void args;
  throw new Error("tool add_bookmark is not implemented yet");
}
