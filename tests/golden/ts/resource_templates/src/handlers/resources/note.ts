// Handler of the resource template note (notes://{folder}/{id}).
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: readNoteResource(uri, NoteVariables) #53b15217
import { ResourceNotFoundError } from '@modelcontextprotocol/server';
import type { ReadResourceResult, ServerContext } from '@modelcontextprotocol/server';

import type { NoteVariables } from '../../schemas.js';

// Throw ResourceNotFoundError for a missing resource, ProtocolError for a bad request.
export async function readNoteResource(uri: string, variables: NoteVariables, _ctx: ServerContext): Promise<ReadResourceResult> {
  void variables;
  throw new ResourceNotFoundError(uri, `resource template note is not implemented yet: ${uri}`);
}

// Optional: export complete() to suggest variable values (completion/complete), e.g.
//   export async function complete(variable: "folder" | "id", value: string, context: CompletionContext): Promise<string[]>
// (import type { CompletionContext } from '../../runtime.js'). Without it, no suggestions.
