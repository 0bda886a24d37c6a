// Handler of the prompt explain_key. Yours to edit: mcpc writes this file only when it is
// missing. The generated default (explainKeyDefault) fills the spec's messages.
// mcpc-signature: explainKeyPrompt(ExplainKeyPromptArgs) #9b71daed
import type { GetPromptResult, ServerContext } from '@modelcontextprotocol/server';

import { explainKeyDefault } from '../../prompts.js';
import type { ExplainKeyPromptArgs } from '../../schemas.js';

export async function explainKeyPrompt(args: ExplainKeyPromptArgs, _ctx: ServerContext): Promise<GetPromptResult> {
  return explainKeyDefault(args);
}
