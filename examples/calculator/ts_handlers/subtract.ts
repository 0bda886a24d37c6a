// Handler of the tool subtract: Subtract the second number from the first and return the difference
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: subtract(SubtractArgs) -> SubtractResult #a4e26862
import type { ServerContext } from '@modelcontextprotocol/server';

import type { SubtractArgs, SubtractResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function subtract(args: SubtractArgs, _ctx: ServerContext): Promise<SubtractResult> {
  return args.a - args.b;
}
