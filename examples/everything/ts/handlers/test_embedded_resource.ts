// Handler of the tool test_embedded_resource: Returns an embedded resource
// mcpc-signature: testEmbeddedResource(TestEmbeddedResourceArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { TestEmbeddedResourceArgs } from '../schemas.js';

export async function testEmbeddedResource(_args: TestEmbeddedResourceArgs, _ctx: ServerContext): Promise<CallToolResult> {
  return {
    content: [
      {
        type: 'resource',
        resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' },
      },
    ],
  };
}
