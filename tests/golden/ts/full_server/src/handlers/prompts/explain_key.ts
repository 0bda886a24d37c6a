// Handler of the prompt explain_key. Yours to edit: mcpc writes this file only when it is
// missing. The generated default (explainKeyDefault) fills the spec's messages.
// mcpc-signature: explainKeyPrompt(ExplainKeyPromptArgs) #9b71daed
import type { GetPromptResult, ServerContext } from '@modelcontextprotocol/server';

import { explainKeyDefault } from '../../prompts.js';
import type { ExplainKeyPromptArgs } from '../../schemas.js';

export async function explainKeyPrompt(args: ExplainKeyPromptArgs, _ctx: ServerContext): Promise<GetPromptResult> {
  return explainKeyDefault(args);
}

// Optional: export complete() to suggest argument values (completion/complete), e.g.
//   export async function complete(argument: "key", value: string, context: CompletionContext): Promise<string[]>
// (import type { CompletionContext } from '../../runtime.js'). Without it, no suggestions.
