// Handler of the resource template bookmark (bookmarks://item/{id}): one bookmark, as JSON.
// mcpc-signature: readBookmarkResource(uri, BookmarkVariables) #8225b4e5
import { ResourceNotFoundError } from '@modelcontextprotocol/server';
import type { ReadResourceResult, ServerContext } from '@modelcontextprotocol/server';

import type { BookmarkVariables } from '../../schemas.js';
import { saved } from '../store.js';

export async function readBookmarkResource(uri: string, variables: BookmarkVariables, _ctx: ServerContext): Promise<ReadResourceResult> {
  const id: number = variables.id;  // typed: a number, checked (>= 1) before this runs
  const bookmark = saved[id - 1];
  if (!bookmark) throw new ResourceNotFoundError(uri, `no bookmark ${id}`);
  return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify({ ...bookmark, next: id + 1 }) }] };
}
