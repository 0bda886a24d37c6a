// Handler of the tool multiply: Multiply two numbers and return the product
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: multiply(MultiplyArgs) -> MultiplyResult #69018ad7
import type { ServerContext } from '@modelcontextprotocol/server';

import type { MultiplyArgs, MultiplyResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function multiply(args: MultiplyArgs, _ctx: ServerContext): Promise<MultiplyResult> {
  return args.a * args.b;
}
