// Handler of the resource counter (features://counter): its content, made each time it is read.
// mcpc-signature: readCounterResource(uri) #7655f986
import type { ReadResourceResult, ServerContext } from '@modelcontextprotocol/server';

let reads = 0;

export async function readCounterResource(uri: string, _ctx: ServerContext): Promise<ReadResourceResult> {
  reads += 1;
  return { contents: [{ uri, mimeType: 'text/plain', text: `read ${reads} times` }] };
}
