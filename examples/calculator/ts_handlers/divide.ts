// Handler of the tool divide: Divide the first number by the second and return the quotient; fails when b is 0
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: divide(DivideArgs) -> DivideResult #d5008c5f
import type { ServerContext } from '@modelcontextprotocol/server';

import type { DivideArgs, DivideResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function divide(args: DivideArgs, _ctx: ServerContext): Promise<DivideResult> {
  if (args.b === 0) throw new Error('cannot divide by zero: b must not be 0');
  return args.a / args.b;
}
