// Handler of the prompt bare. Yours to edit: mcpc writes this file only when it is
// missing. The generated default (bareDefault) fills the spec's messages.
// mcpc-signature: barePrompt(BarePromptArgs) #7c045cf4
import type { GetPromptResult, ServerContext } from '@modelcontextprotocol/server';

import { bareDefault } from '../../prompts.js';
import type { BarePromptArgs } from '../../schemas.js';

export async function barePrompt(args: BarePromptArgs, _ctx: ServerContext): Promise<GetPromptResult> {
  return bareDefault(args);
}
