// Handler of the prompt test_prompt_with_image: an image, then the spec's text.
// mcpc-signature: testPromptWithImagePrompt(TestPromptWithImagePromptArgs) #7c045cf4
import type { GetPromptResult, ServerContext } from '@modelcontextprotocol/server';

import { testPromptWithImageDefault } from '../../prompts.js';
import type { TestPromptWithImagePromptArgs } from '../../schemas.js';
import { PNG } from '../fixtures.js';

export async function testPromptWithImagePrompt(args: TestPromptWithImagePromptArgs, _ctx: ServerContext): Promise<GetPromptResult> {
  const fallback = testPromptWithImageDefault(args);
  return {
    ...fallback,
    messages: [{ role: 'user', content: { type: 'image', data: PNG, mimeType: 'image/png' } }, ...fallback.messages],
  };
}
