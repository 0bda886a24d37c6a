// Handler of the tool list_repos: List repositories of a user
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: listRepos(ListReposArgs) #eb22396f
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { ListReposArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function listRepos(args: ListReposArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool list_repos is not implemented yet");
}
