// Handler of the tool greeting: Returns a nullable string, wrapped as {result}
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: greeting(GreetingArgs) -> GreetingResult #65cb94cd
import type { ServerContext } from '@modelcontextprotocol/server';

import type { GreetingArgs, GreetingResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function greeting(args: GreetingArgs, _ctx: ServerContext): Promise<GreetingResult> {
  void args;
  throw new Error("tool greeting is not implemented yet");
}
