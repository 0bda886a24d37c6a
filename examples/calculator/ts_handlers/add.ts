// Handler of the tool add: Add two numbers and return the sum
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: add(AddArgs) -> AddResult #f64f40f4
import type { ServerContext } from '@modelcontextprotocol/server';

import type { AddArgs, AddResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function add(args: AddArgs, _ctx: ServerContext): Promise<AddResult> {
  return args.a + args.b;
}
