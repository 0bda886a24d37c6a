// The bookmarks of the TypeScript server of ts.named_types, as the native one keeps them.
import type { Bookmark } from '../schemas.js';

export const bookmarks = new Map<number, Bookmark>([
  [1, {
    id: 1, url: 'https://example.com/', title: 'Example', tags: ['example', 'docs'], visibility: 'public',
    owner: { name: 'Ada', email: 'ada@example.com' },
  }],
]);

let nextId = 2;
export function newId(): number {
  return nextId++;
}
