// Handler of the tool linux: named linux \
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: linux(LinuxArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { LinuxArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function linux(args: LinuxArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool linux is not implemented yet");
}
