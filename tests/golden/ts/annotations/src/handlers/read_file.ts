// Handler of the tool read_file: Read a file; touches nothing
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: readFile(ReadFileArgs) #6a82de67
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { ReadFileArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function readFile(args: ReadFileArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool read_file is not implemented yet");
}
