// Handler of the tool slow: Sleeps for ms milliseconds, stopping early when cancelled
// mcpc-signature: slow(SlowArgs) #eadee0b0
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { SlowArgs } from '../schemas.js';
import { sleep } from './fixtures.js';

export async function slow(args: SlowArgs, ctx: ServerContext): Promise<CallToolResult> {
  if (!(await sleep(args.ms, ctx))) return { content: [{ type: 'text', text: 'cancelled' }], isError: true };
  return { content: [{ type: 'text', text: `slept ${args.ms} ms` }] };
}
