// Handler of the prompt code_review. Yours to edit: mcpc writes this file only when it is
// missing. The generated default (codeReviewDefault) fills the spec's messages.
// mcpc-signature: codeReviewPrompt(CodeReviewPromptArgs) #b4e08682
import type { GetPromptResult, ServerContext } from '@modelcontextprotocol/server';

import { codeReviewDefault } from '../../prompts.js';
import type { CodeReviewPromptArgs } from '../../schemas.js';

export async function codeReviewPrompt(args: CodeReviewPromptArgs, _ctx: ServerContext): Promise<GetPromptResult> {
  return codeReviewDefault(args);
}

// Optional: export complete() to suggest argument values (completion/complete), e.g.
//   export async function complete(argument: "code" | "language" | "focus", value: string, context: CompletionContext): Promise<string[]>
// (import type { CompletionContext } from '../../runtime.js'). Without it, no suggestions.
