// Handler of the prompt test_prompt_with_arguments. The generated default fills the spec's
// message; complete() suggests values for its arguments (completion/complete).
// mcpc-signature: testPromptWithArgumentsPrompt(TestPromptWithArgumentsPromptArgs) #70efc4aa
import type { GetPromptResult, ServerContext } from '@modelcontextprotocol/server';

import { testPromptWithArgumentsDefault } from '../../prompts.js';
import type { CompletionContext } from '../../runtime.js';
import type { TestPromptWithArgumentsPromptArgs } from '../../schemas.js';
import { startingWith } from '../fixtures.js';

export async function testPromptWithArgumentsPrompt(args: TestPromptWithArgumentsPromptArgs, _ctx: ServerContext): Promise<GetPromptResult> {
  return testPromptWithArgumentsDefault(args);
}

export async function complete(argument: 'arg1' | 'arg2', value: string, _context: CompletionContext): Promise<string[]> {
  return startingWith([`${argument}-one`, `${argument}-two`, `${value}-suggestion`], value);
}
