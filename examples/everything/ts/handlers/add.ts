// Handler of the tool add: Adds two numbers
// mcpc-signature: add(AddArgs) -> AddResult #5e1ff4c2
import type { ServerContext } from '@modelcontextprotocol/server';

import type { AddArgs, AddResult } from '../schemas.js';

export async function add(args: AddArgs, _ctx: ServerContext): Promise<AddResult> {
  return { sum: args.a + args.b };
}
