// Handler of the prompt write_story: the generated default, and suggestions for its topic.
// mcpc-signature: writeStoryPrompt(WriteStoryPromptArgs) #c32aab65
import type { GetPromptResult, ServerContext } from '@modelcontextprotocol/server';

import { writeStoryDefault } from '../../prompts.js';
import type { CompletionContext } from '../../runtime.js';
import type { WriteStoryPromptArgs } from '../../schemas.js';
import { startingWith } from '../fixtures.js';

export async function writeStoryPrompt(args: WriteStoryPromptArgs, _ctx: ServerContext): Promise<GetPromptResult> {
  return writeStoryDefault(args);
}

// style has an enum in the spec: it completes without this.
export async function complete(argument: 'topic' | 'style' | 'length', value: string, _context: CompletionContext): Promise<string[]> {
  return argument === 'topic' ? startingWith(['dragons', 'dogs', 'ducks', 'robots'], value) : [];
}
