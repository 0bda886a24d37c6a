import type { ServerContext } from '@modelcontextprotocol/server';

import type { GetBookmarkArgs, GetBookmarkResult } from '../schemas.js';
import { bookmarks } from './store.js';

export async function getBookmark(args: GetBookmarkArgs, _ctx: ServerContext): Promise<GetBookmarkResult> {
  const found = bookmarks.get(args.id);
  if (!found) throw new Error(`no bookmark ${args.id}`);
  return found;
}
