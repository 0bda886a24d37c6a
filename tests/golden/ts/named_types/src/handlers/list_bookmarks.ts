// Handler of the tool list_bookmarks: The bookmarks with a tag
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: listBookmarks(ListBookmarksArgs) -> ListBookmarksResult #982cff41
import type { ServerContext } from '@modelcontextprotocol/server';

import type { ListBookmarksArgs, ListBookmarksResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function listBookmarks(args: ListBookmarksArgs, _ctx: ServerContext): Promise<ListBookmarksResult> {
  void args;
  throw new Error("tool list_bookmarks is not implemented yet");
}
