// Handler of the prompt repeated_placeholder. Yours to edit: mcpc writes this file only when it is
// missing. The generated default (repeatedPlaceholderDefault) fills the spec's messages.
// mcpc-signature: repeatedPlaceholderPrompt(RepeatedPlaceholderPromptArgs) #32749175
import type { GetPromptResult, ServerContext } from '@modelcontextprotocol/server';

import { repeatedPlaceholderDefault } from '../../prompts.js';
import type { RepeatedPlaceholderPromptArgs } from '../../schemas.js';

export async function repeatedPlaceholderPrompt(args: RepeatedPlaceholderPromptArgs, _ctx: ServerContext): Promise<GetPromptResult> {
  return repeatedPlaceholderDefault(args);
}

// Optional: export complete() to suggest argument values (completion/complete), e.g.
//   export async function complete(argument: "topic", value: string, context: CompletionContext): Promise<string[]>
// (import type { CompletionContext } from '../../runtime.js'). Without it, no suggestions.
