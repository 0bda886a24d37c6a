import type { ServerContext } from '@modelcontextprotocol/server';

import type { AddBookmarkArgs, AddBookmarkResult, Bookmark } from '../schemas.js';
import { bookmarks, newId } from './store.js';

export async function addBookmark(args: AddBookmarkArgs, _ctx: ServerContext): Promise<AddBookmarkResult> {
  const added: Bookmark = { id: newId(), url: args.url, visibility: args.visibility ?? 'private' };
  if (args.tags) added.tags = args.tags;
  bookmarks.set(added.id, added);
  return added;
}
