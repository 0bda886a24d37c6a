// Handler of the tool attach_report: Attaches a report, embedded and linked
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: attachReport(AttachReportArgs) -> ToolResultWith<"resource" | "resource_link"> #c5376030
import type { ServerContext } from '@modelcontextprotocol/server';

import type { ToolResultWith } from '../runtime.js';
import type { AttachReportArgs } from '../schemas.js';

// Return a tool result of the content types the spec declares ("resource" | "resource_link"), e.g.
// toolResult(image(bytes, 'image/png')) (helpers in ../runtime.js), or throw an Error: its message
// becomes an isError result.
export async function attachReport(args: AttachReportArgs, _ctx: ServerContext): Promise<ToolResultWith<"resource" | "resource_link">> {
  void args;
  throw new Error("tool attach_report is not implemented yet");
}
