// Handler of the tool recording: Returns a short WAV recording
// mcpc-signature: recording(RecordingArgs) -> ToolResultWith<"audio"> #29e8c45f
import type { ServerContext } from '@modelcontextprotocol/server';

import { audio, toolResult } from '../runtime.js';
import type { ToolResultWith } from '../runtime.js';
import type { RecordingArgs } from '../schemas.js';
import { WAV } from './fixtures.js';

export async function recording(_args: RecordingArgs, _ctx: ServerContext): Promise<ToolResultWith<'audio'>> {
  return toolResult(audio(WAV, 'audio/wav'));
}
