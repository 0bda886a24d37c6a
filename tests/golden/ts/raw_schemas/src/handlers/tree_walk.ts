// Handler of the tool tree_walk: A recursive schema through $ref to the root of a definition
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: treeWalk(TreeWalkArgs) #1684db84
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { TreeWalkArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function treeWalk(args: TreeWalkArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool tree_walk is not implemented yet");
}
