// Handler of the tool fetch_url: Fetch a web page
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: fetchUrl(FetchUrlArgs) #3f32c5f8
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { FetchUrlArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function fetchUrl(args: FetchUrlArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool fetch_url is not implemented yet");
}
