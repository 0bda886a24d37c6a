// Handler of the tool local_note: Save a note locally
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: localNote(LocalNoteArgs) #5fadab9f
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { LocalNoteArgs } from '../schemas.js';

// Return a tool result ({ content: [...] }), or throw an Error: its message becomes an isError result.
export async function localNote(args: LocalNoteArgs, _ctx: ServerContext): Promise<CallToolResult> {
  void args;
  throw new Error("tool local_note is not implemented yet");
}
