// The bookmarks, in memory, shared by the tool and the resource templates.
import type { AddBookmarkResult } from '../schemas.js';

export const saved: AddBookmarkResult[] = [];
