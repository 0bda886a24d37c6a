// Handler of the tool report_inline: Embeds a report, once as text and once as bytes
// mcpc-signature: reportInline(ReportInlineArgs) -> ToolResultWith<"resource"> #2a0f1bfd
import type { ServerContext } from '@modelcontextprotocol/server';

import { embeddedResource, toolResult } from '../runtime.js';
import type { ToolResultWith } from '../runtime.js';
import type { ReportInlineArgs } from '../schemas.js';
import { PNG } from './fixtures.js';

export async function reportInline(_args: ReportInlineArgs, _ctx: ServerContext): Promise<ToolResultWith<'resource'>> {
  return toolResult(
    embeddedResource('features://reports/daily/1', 'Daily report 1', 'text/plain'),
    embeddedResource('features://reports/daily/1.bin', PNG, 'application/octet-stream'),
  );
}
