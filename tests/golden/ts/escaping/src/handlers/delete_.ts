// Handler of the tool delete: named delete \
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: delete_(DeleteArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { DeleteArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function delete_(args: DeleteArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool delete is not implemented yet");
}
