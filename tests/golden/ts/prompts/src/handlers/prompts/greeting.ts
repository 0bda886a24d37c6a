// Handler of the prompt greeting. Yours to edit: mcpc writes this file only when it is
// missing. The generated default (greetingDefault) fills the spec's messages.
// mcpc-signature: greetingPrompt(GreetingPromptArgs) #7c045cf4
import type { GetPromptResult, ServerContext } from '@modelcontextprotocol/server';

import { greetingDefault } from '../../prompts.js';
import type { GreetingPromptArgs } from '../../schemas.js';

export async function greetingPrompt(args: GreetingPromptArgs, _ctx: ServerContext): Promise<GetPromptResult> {
  return greetingDefault(args);
}
