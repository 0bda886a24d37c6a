// Handler of the tool update_bookmark: Replaces a bookmark
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: updateBookmark(UpdateBookmarkArgs) -> UpdateBookmarkResult #b3a13e82
import type { ServerContext } from '@modelcontextprotocol/server';

import type { UpdateBookmarkArgs, UpdateBookmarkResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function updateBookmark(args: UpdateBookmarkArgs, _ctx: ServerContext): Promise<UpdateBookmarkResult> {
  void args;
  throw new Error("tool update_bookmark is not implemented yet");
}
