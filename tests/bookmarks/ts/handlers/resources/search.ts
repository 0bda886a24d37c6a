// Handler of the resource template search (bookmarks://search{?q,limit,exact}): ids of the
// bookmarks whose title holds q, as JSON.
// mcpc-signature: readSearchResource(uri, SearchVariables) #05936b7c
import type { ReadResourceResult, ServerContext } from '@modelcontextprotocol/server';

import type { SearchVariables } from '../../schemas.js';
import { saved } from '../store.js';

export async function readSearchResource(uri: string, variables: SearchVariables, _ctx: ServerContext): Promise<ReadResourceResult> {
  const { q, limit, exact }: { q: string; limit: number; exact: boolean } = variables;
  const ids = saved.filter((b) => (exact ? b.title === q : b.title.includes(q))).map((b) => b.id).slice(0, limit);
  return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify({ q, limit, exact, ids }) }] };
}
