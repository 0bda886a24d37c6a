// Handler of the resource template included_item (include://items/{id}).
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: readIncludedItemResource(uri, IncludedItemVariables) #d74dde53
import { ResourceNotFoundError } from '@modelcontextprotocol/server';
import type { ReadResourceResult, ServerContext } from '@modelcontextprotocol/server';

import type { IncludedItemVariables } from '../../schemas.js';

// Throw ResourceNotFoundError for a missing resource, ProtocolError for a bad request.
export async function readIncludedItemResource(uri: string, variables: IncludedItemVariables, _ctx: ServerContext): Promise<ReadResourceResult> {
  void variables;
  throw new ResourceNotFoundError(uri, `resource template included_item is not implemented yet: ${uri}`);
}

// Optional: export complete() to suggest variable values (completion/complete), e.g.
//   export async function complete(variable: "id", value: string, context: CompletionContext): Promise<string[]>
// (import type { CompletionContext } from '../../runtime.js'). Without it, no suggestions.
