// Handler of the tool everything: Takes one parameter per shorthand keyword
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: everything(EverythingArgs) -> EverythingResult #a3408980
import type { ServerContext } from '@modelcontextprotocol/server';

import type { EverythingArgs, EverythingResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function everything(args: EverythingArgs, _ctx: ServerContext): Promise<EverythingResult> {
  void args;
  throw new Error("tool everything is not implemented yet");
}
