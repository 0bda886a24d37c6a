// Handler of the tool json_schema_2020_12_tool: Input schema with $schema, $defs, $ref and additionalProperties, passed through unaltered
// Yours to edit: mcpc writes this file only when it is missing.
// mcpc-signature: jsonSchema202012Tool(JsonSchema202012ToolArgs) -> JsonSchema202012ToolResult #056dd239
import type { ServerContext } from '@modelcontextprotocol/server';

import type { JsonSchema202012ToolArgs, JsonSchema202012ToolResult } from '../schemas.js';

// Return the result, or throw an Error: its message becomes an isError tool result.
export async function jsonSchema202012Tool(args: JsonSchema202012ToolArgs, _ctx: ServerContext): Promise<JsonSchema202012ToolResult> {
  void args;
  throw new Error("tool json_schema_2020_12_tool is not implemented yet");
}
