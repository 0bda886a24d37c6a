// Handler of the prompt included_prompt. Yours to edit: mcpc writes this file only when it is
// missing. The generated default (includedPromptDefault) fills the spec's messages.
// mcpc-signature: includedPromptPrompt(IncludedPromptPromptArgs) #7c045cf4
import type { GetPromptResult, ServerContext } from '@modelcontextprotocol/server';

import { includedPromptDefault } from '../../prompts.js';
import type { IncludedPromptPromptArgs } from '../../schemas.js';

export async function includedPromptPrompt(args: IncludedPromptPromptArgs, _ctx: ServerContext): Promise<GetPromptResult> {
  return includedPromptDefault(args);
}
