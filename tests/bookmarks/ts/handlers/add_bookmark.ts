// Handler of the tool add_bookmark: saves a bookmark; `created` is returned as given.
// mcpc-signature: addBookmark(AddBookmarkArgs) -> AddBookmarkResult #3c266f1d
import type { ServerContext } from '@modelcontextprotocol/server';

import type { AddBookmarkArgs, AddBookmarkResult } from '../schemas.js';
import { saved } from './store.js';

export async function addBookmark(args: AddBookmarkArgs, _ctx: ServerContext): Promise<AddBookmarkResult> {
  const bookmark: AddBookmarkResult = {
    id: saved.length + 1,
    url: args.url,
    title: args.title,
    created: args.created ?? new Date().toISOString(),
    ...(args.tags ? { tags: args.tags } : {}),
  };
  saved.push(bookmark);
  return bookmark;
}
