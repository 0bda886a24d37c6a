// Handler of the prompt test_prompt_with_embedded_resource: the resource named by its argument,
// embedded, then the spec's text.
// mcpc-signature: testPromptWithEmbeddedResourcePrompt(TestPromptWithEmbeddedResourcePromptArgs) #f80a080d
import type { GetPromptResult, ServerContext } from '@modelcontextprotocol/server';

import { testPromptWithEmbeddedResourceDefault } from '../../prompts.js';
import type { TestPromptWithEmbeddedResourcePromptArgs } from '../../schemas.js';

export async function testPromptWithEmbeddedResourcePrompt(args: TestPromptWithEmbeddedResourcePromptArgs, _ctx: ServerContext): Promise<GetPromptResult> {
  const fallback = testPromptWithEmbeddedResourceDefault(args);
  return {
    ...fallback,
    messages: [
      {
        role: 'user',
        content: { type: 'resource', resource: { uri: args.resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' } },
      },
      ...fallback.messages,
    ],
  };
}
