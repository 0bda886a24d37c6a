// Handler of the resource template template (test://template/{id}/data): a JSON record for any
// id; complete() suggests ids (completion/complete).
// mcpc-signature: readTemplateResource(uri, TemplateVariables) #e71b0756
import type { ReadResourceResult, ServerContext } from '@modelcontextprotocol/server';

import type { CompletionContext } from '../../runtime.js';
import type { TemplateVariables } from '../../schemas.js';
import { startingWith } from '../fixtures.js';

export async function readTemplateResource(uri: string, variables: TemplateVariables, _ctx: ServerContext): Promise<ReadResourceResult> {
  const { id } = variables;
  const body = { id, templateTest: true, data: `Data for ID: ${id}` };
  return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(body) }] };
}

export async function complete(_variable: 'id', value: string, _context: CompletionContext): Promise<string[]> {
  return startingWith(['1', '2', '3', '42', '123'], value);
}
