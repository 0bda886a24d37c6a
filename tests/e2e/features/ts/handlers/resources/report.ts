// Handler of the resource template report (features://reports/{kind}/{id}).
// mcpc-signature: readReportResource(uri, ReportVariables) #da6d3d88
import type { ReadResourceResult, ServerContext } from '@modelcontextprotocol/server';

import type { CompletionContext } from '../../runtime.js';
import type { ReportVariables } from '../../schemas.js';
import { startingWith } from '../fixtures.js';

export async function readReportResource(uri: string, variables: ReportVariables, _ctx: ServerContext): Promise<ReadResourceResult> {
  return { contents: [{ uri, mimeType: 'text/plain', text: `${variables.kind} report ${variables.id}` }] };
}

// kind has an enum in the spec: it completes without this.
export async function complete(variable: 'kind' | 'id', value: string, context: CompletionContext): Promise<string[]> {
  if (variable !== 'id') return [];
  const prefix = context.arguments.kind ?? 'any';
  return startingWith([`${prefix}-1`, `${prefix}-2`], value);
}
