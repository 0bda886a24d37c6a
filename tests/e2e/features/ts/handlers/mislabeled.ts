// Handler of the tool mislabeled: Declares text content but returns an image, which the server must refuse
// mcpc-signature: mislabeled(MislabeledArgs) -> ToolResultWith<"text"> #a5b45066
import type { ServerContext } from '@modelcontextprotocol/server';

import { image, toolResult } from '../runtime.js';
import type { ToolResultWith } from '../runtime.js';
import type { MislabeledArgs } from '../schemas.js';
import { PNG } from './fixtures.js';

// The types would refuse an image here; the cast stands for a handler that gets around them.
export async function mislabeled(_args: MislabeledArgs, _ctx: ServerContext): Promise<ToolResultWith<'text'>> {
  return toolResult(image(PNG, 'image/png')) as unknown as ToolResultWith<'text'>;
}
