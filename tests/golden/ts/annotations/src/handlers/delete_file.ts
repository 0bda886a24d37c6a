// Handler of the tool delete_file: Delete a file; cannot be undone
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: deleteFile(DeleteFileArgs) #6a82de67
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { DeleteFileArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function deleteFile(args: DeleteFileArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool delete_file is not implemented yet");
}
