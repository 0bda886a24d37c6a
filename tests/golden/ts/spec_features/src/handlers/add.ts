// Handler of the tool add: Adds two numbers
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: add(AddArgs) -> AddResult #f9afbf3c
import type { ServerContext } from '@modelcontextprotocol/server';

import type { AddArgs, AddResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function add(args: AddArgs, _ctx: ServerContext): Promise<AddResult> {
  void args;
  throw new Error("tool add is not implemented yet");
}
