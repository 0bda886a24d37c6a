// Handler of the tool speak: Reads a text aloud
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: speak(SpeakArgs) -> ToolResultWith<"audio"> #2527c87d
import type { ServerContext } from '@modelcontextprotocol/server';

import type { ToolResultWith } from '../runtime.js';
import type { SpeakArgs } from '../schemas.js';

// Return a tool result of the content types the spec declares ("audio"), e.g.
// toolResult(image(bytes, 'image/png')) (helpers in ../runtime.js), or throw an Error: its message
// becomes an isError result.
export async function speak(args: SpeakArgs, _ctx: ServerContext): Promise<ToolResultWith<"audio">> {
  void args;
  throw new Error("tool speak is not implemented yet");
}
