import type { ServerContext } from '@modelcontextprotocol/server';

import type { ListBookmarksArgs, ListBookmarksResult } from '../schemas.js';
import { bookmarks } from './store.js';

export async function listBookmarks(args: ListBookmarksArgs, _ctx: ServerContext): Promise<ListBookmarksResult> {
  return [...bookmarks.values()].filter((b) => args.tag === undefined || (b.tags ?? []).includes(args.tag));
}
