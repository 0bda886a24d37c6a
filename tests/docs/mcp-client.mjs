// The official TypeScript SDK client (@modelcontextprotocol/sdk, from tests/e2e) against a server
// over stdio, for the tests in this directory:
//   node mcp-client.mjs tools -- COMMAND ARGS...          the tool names, one line
//   node mcp-client.mjs call TOOL JSON -- COMMAND ARGS... the call's result as JSON
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
if (dash < 1 || dash === argv.length - 1) {
  console.error('usage: mcp-client.mjs tools|call TOOL JSON -- COMMAND ARGS...');
  process.exit(2);
}
const [mode, ...rest] = argv.slice(0, dash);
const [command, ...args] = argv.slice(dash + 1);
const client = new Client({ name: 'mcpc-docs-test', version: '1.0.0' });
await client.connect(new StdioClientTransport({ command, args, stderr: 'inherit' }));
try {
  if (mode === 'tools') {
    const { tools } = await client.listTools();
    console.log(tools.map((t) => t.name).join(' '));
  } else if (mode === 'call') {
    console.log(JSON.stringify(await client.callTool({ name: rest[0], arguments: JSON.parse(rest[1] ?? '{}') })));
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
} finally {
  await client.close();
}
