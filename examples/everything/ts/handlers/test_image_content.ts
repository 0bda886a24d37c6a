// Handler of the tool test_image_content: Returns an image
// mcpc-signature: testImageContent(TestImageContentArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { TestImageContentArgs } from '../schemas.js';
import { PNG } from './fixtures.js';

export async function testImageContent(_args: TestImageContentArgs, _ctx: ServerContext): Promise<CallToolResult> {
  return { content: [{ type: 'image', data: PNG, mimeType: 'image/png' }] };
}
