// Handler of the resource template tree (repo://{owner}/{repo}/tree{/segments*}{#section}).
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: readTreeResource(uri, TreeVariables) #066682c8
import { ResourceNotFoundError } from '@modelcontextprotocol/server';
import type { ReadResourceResult, ServerContext } from '@modelcontextprotocol/server';

import type { TreeVariables } from '../../schemas.js';

// Throw ResourceNotFoundError for a missing resource, ProtocolError for a bad request.
export async function readTreeResource(uri: string, variables: TreeVariables, _ctx: ServerContext): Promise<ReadResourceResult> {
  void variables;
  throw new ResourceNotFoundError(uri, `resource template tree is not implemented yet: ${uri}`);
}

// Optional: export complete() to suggest variable values (completion/complete), e.g.
//   export async function complete(variable: "owner" | "repo" | "segments" | "section", value: string, context: CompletionContext): Promise<string[]>
// (import type { CompletionContext } from '../../runtime.js'). Without it, no suggestions.
