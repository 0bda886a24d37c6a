import type { ServerContext } from '@modelcontextprotocol/server';

import type { UpdateBookmarkArgs, UpdateBookmarkResult } from '../schemas.js';
import { bookmarks } from './store.js';

export async function updateBookmark(args: UpdateBookmarkArgs, _ctx: ServerContext): Promise<UpdateBookmarkResult> {
  if (!bookmarks.has(args.bookmark.id)) throw new Error(`no bookmark ${args.bookmark.id}`);
  bookmarks.set(args.bookmark.id, args.bookmark);
  return args.bookmark;
}
