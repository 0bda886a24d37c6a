import type { ServerContext } from '@modelcontextprotocol/server';

import type { FindOwnerArgs, FindOwnerResult } from '../schemas.js';
import { bookmarks } from './store.js';

export async function findOwner(args: FindOwnerArgs, _ctx: ServerContext): Promise<FindOwnerResult> {
  return (args.id === null ? undefined : bookmarks.get(args.id)?.owner) ?? null;
}
