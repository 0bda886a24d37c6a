// Handler of the tool json_schema_2020_12_tool: A tool whose input schema uses JSON Schema 2020-12 features
// mcpc-signature: jsonSchema202012Tool(JsonSchema202012ToolArgs) #3eaa6725
import type { ServerContext, CallToolResult } from '@modelcontextprotocol/server';

import type { JsonSchema202012ToolArgs } from '../schemas.js';

export async function jsonSchema202012Tool(args: JsonSchema202012ToolArgs, _ctx: ServerContext): Promise<CallToolResult> {
  return { content: [{ type: 'text', text: `Received: ${JSON.stringify(args)}` }] };
}
