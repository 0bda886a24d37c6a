// Handler of the resource status (status://now): its content, made each time it is read.
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: readStatusResource(uri) #1b51daff
import { ResourceNotFoundError } from '@modelcontextprotocol/server';
import type { ReadResourceResult, ServerContext } from '@modelcontextprotocol/server';

// Return { contents: [{ uri, mimeType, text }] } (or blob: base64 bytes), or throw
// ResourceNotFoundError when there is nothing to serve.
export async function readStatusResource(uri: string, _ctx: ServerContext): Promise<ReadResourceResult> {
  throw new ResourceNotFoundError(uri, `resource status is not implemented yet: ${uri}`);
}
