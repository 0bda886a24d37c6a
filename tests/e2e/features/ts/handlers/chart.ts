// Handler of the tool chart: Draws a chart as a PNG image, with a caption
// mcpc-signature: chart(ChartArgs) -> ToolResultWith<"image" | "text"> #961a70ed
import type { ServerContext } from '@modelcontextprotocol/server';

import { image, text, toolResult } from '../runtime.js';
import type { ToolResultWith } from '../runtime.js';
import type { ChartArgs } from '../schemas.js';
import { PNG } from './fixtures.js';

export async function chart(_args: ChartArgs, _ctx: ServerContext): Promise<ToolResultWith<'image' | 'text'>> {
  return toolResult(image(PNG, 'image/png'), text('A chart of nothing in particular'));
}
