// Handler of the tool hook: A tool webhooks call
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: hook(HookArgs) #37bb54ac
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { HookArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function hook(args: HookArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool hook is not implemented yet");
}
