// Handler of the resource template search (search://items{?q,limit,page}).
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: readSearchResource(uri, SearchVariables) #6e763a62
import { ResourceNotFoundError } from '@modelcontextprotocol/server';
import type { ReadResourceResult, ServerContext } from '@modelcontextprotocol/server';

import type { SearchVariables } from '../../schemas.js';

// Throw ResourceNotFoundError for a missing resource, ProtocolError for a bad request.
export async function readSearchResource(uri: string, variables: SearchVariables, _ctx: ServerContext): Promise<ReadResourceResult> {
  void variables;
  throw new ResourceNotFoundError(uri, `resource template search is not implemented yet: ${uri}`);
}

// Optional: export complete() to suggest variable values (completion/complete), e.g.
//   export async function complete(variable: "q" | "limit" | "page", value: string, context: CompletionContext): Promise<string[]>
// (import type { CompletionContext } from '../../runtime.js'). Without it, no suggestions.
