// Handler of the tool 2fa: named 2fa \
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: v2fa(V2faArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { V2faArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function v2fa(args: V2faArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool 2fa is not implemented yet");
}
