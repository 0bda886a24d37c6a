// Handler of the resource status (status://now): its content, made each time it is read.
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: readStatusResource(uri) #1b51daff
import type { ReadResourceResult, ServerContext } from '@modelcontextprotocol/server';

// Return the contents (text, or blob: base64 bytes), or throw ResourceNotFoundError (from
// '@modelcontextprotocol/server') when there is nothing to serve. Empty until written.
export async function readStatusResource(uri: string, _ctx: ServerContext): Promise<ReadResourceResult> {
  return { contents: [{ uri, mimeType: "application/json", text: '' }] };
}
