// Handler of the tool test_audio_content: Returns audio
// mcpc-signature: testAudioContent(TestAudioContentArgs) #fb44bbbd
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { TestAudioContentArgs } from '../schemas.js';
import { WAV } from './fixtures.js';

export async function testAudioContent(_args: TestAudioContentArgs, _ctx: ServerContext): Promise<CallToolResult> {
  return { content: [{ type: 'audio', data: WAV, mimeType: 'audio/wav' }] };
}
