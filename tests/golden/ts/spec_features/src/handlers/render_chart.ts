// Handler of the tool render_chart: Draws a chart of a series
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: renderChart(RenderChartArgs) -> ToolResultWith<"image" | "text"> #4878530f
import type { ServerContext } from '@modelcontextprotocol/server';

import type { ToolResultWith } from '../runtime.js';
import type { RenderChartArgs } from '../schemas.js';

// Return a tool result of the content types the spec declares ("image" | "text"), e.g.
// toolResult(image(bytes, 'image/png')) (helpers in ../runtime.js), or throw an Error: its message
// becomes an isError result.
export async function renderChart(args: RenderChartArgs, _ctx: ServerContext): Promise<ToolResultWith<"image" | "text">> {
  void args;
  throw new Error("tool render_chart is not implemented yet");
}
