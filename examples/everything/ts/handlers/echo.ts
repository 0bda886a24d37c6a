// Handler of the tool echo: Echoes its input
// mcpc-signature: echo(EchoArgs) #5fadab9f
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { EchoArgs } from '../schemas.js';

export async function echo(args: EchoArgs, _ctx: ServerContext): Promise<CallToolResult> {
  return { content: [{ type: 'text', text: args.text }] };
}
