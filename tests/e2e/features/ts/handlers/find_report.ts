// Handler of the tool find_report: Links to a report
// mcpc-signature: findReport(FindReportArgs) -> ToolResultWith<"resource_link"> #128aecfe
import type { ServerContext } from '@modelcontextprotocol/server';

import { resourceLink, toolResult } from '../runtime.js';
import type { ToolResultWith } from '../runtime.js';
import type { FindReportArgs } from '../schemas.js';

export async function findReport(args: FindReportArgs, _ctx: ServerContext): Promise<ToolResultWith<'resource_link'>> {
  return toolResult(resourceLink(`features://reports/daily/${args.id}`, `report ${args.id}`, 'text/plain'));
}
