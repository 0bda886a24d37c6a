// The TypeScript handler of bench/load/add-server/add.yaml (copied over src/handlers/add.ts).
import type { ServerContext } from '@modelcontextprotocol/server';

import type { AddArgs, AddResult } from '../schemas.js';

export async function add(args: AddArgs, _ctx: ServerContext): Promise<AddResult> {
  return { sum: args.a + args.b };
}
