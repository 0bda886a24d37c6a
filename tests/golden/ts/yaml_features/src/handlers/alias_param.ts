// Handler of the tool alias_param: A single parameter reused by alias
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: aliasParam(AliasParamArgs) #fff3d5f7
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { AliasParamArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function aliasParam(args: AliasParamArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool alias_param is not implemented yet");
}
