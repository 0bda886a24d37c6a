// Handler of the resource template report (reports://{period}/{id}).
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: readReportResource(uri, ReportVariables) #7553ab87
import { ResourceNotFoundError } from '@modelcontextprotocol/server';
import type { ReadResourceResult, ServerContext } from '@modelcontextprotocol/server';

import type { ReportVariables } from '../../schemas.js';

// Throw ResourceNotFoundError for a missing resource, ProtocolError for a bad request.
export async function readReportResource(uri: string, variables: ReportVariables, _ctx: ServerContext): Promise<ReadResourceResult> {
  void variables;
  throw new ResourceNotFoundError(uri, `resource template report is not implemented yet: ${uri}`);
}

// Optional: export complete() to suggest variable values (completion/complete), e.g.
//   export async function complete(variable: "period" | "id", value: string, context: CompletionContext): Promise<string[]>
// (import type { CompletionContext } from '../../runtime.js'). Without it, no suggestions.
// Variables with an enum in the spec complete from its values, without it.
