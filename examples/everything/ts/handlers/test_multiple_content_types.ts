// Handler of the tool test_multiple_content_types: Returns text, an image and a resource
// mcpc-signature: testMultipleContentTypes(TestMultipleContentTypesArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { TestMultipleContentTypesArgs } from '../schemas.js';
import { PNG } from './fixtures.js';

export async function testMultipleContentTypes(_args: TestMultipleContentTypesArgs, _ctx: ServerContext): Promise<CallToolResult> {
  return {
    content: [
      { type: 'text', text: 'Multiple content types test:' },
      { type: 'image', data: PNG, mimeType: 'image/png' },
      {
        type: 'resource',
        resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: '{"test":"data","value":123}' },
      },
    ],
  };
}
