// Handler of the prompt summarize. Yours to edit: mcpc writes this file only when it is
// missing. The generated default (summarizeDefault) fills the spec's messages.
// mcpc-signature: summarizePrompt(SummarizePromptArgs) #629a2f14
import type { GetPromptResult, ServerContext } from '@modelcontextprotocol/server';

import { summarizeDefault } from '../../prompts.js';
import type { SummarizePromptArgs } from '../../schemas.js';

export async function summarizePrompt(args: SummarizePromptArgs, _ctx: ServerContext): Promise<GetPromptResult> {
  return summarizeDefault(args);
}

// Optional: export complete() to suggest argument values (completion/complete), e.g.
//   export async function complete(argument: "document" | "style" | "length" | "audience", value: string, context: CompletionContext): Promise<string[]>
// (import type { CompletionContext } from '../../runtime.js'). Without it, no suggestions.
// Arguments with an enum in the spec complete from its values, without it.
