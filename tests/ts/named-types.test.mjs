// Named types end to end: tests/golden/ir/named_types.yaml served by its native server (built
// from the checked-in C++ goldens with named_types/named_types_handlers.cc) and by its
// TypeScript package (handlers in named_types/ts/), through the official SDK client. tools/list
// shows every schema self-contained: no $ref or $defs, each named type inlined exactly as
// `mcpc ir` has it, the same on both servers. The tools that share the Bookmark type answer with
// the same structured content on both, which the client checks against those schemas.
// Run by run-ts-tests.sh named-types, which sets NAMED_TYPES_CPP (the native server),
// NAMED_TYPES_TS (the built package) and NAMED_TYPES_IR (the spec's IR).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';

import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const ir = JSON.parse(readFileSync(process.env.NAMED_TYPES_IR, 'utf8'));
const servers = [
  ['native', process.env.NAMED_TYPES_CPP, []],
  ['TypeScript', process.execPath, [`${process.env.NAMED_TYPES_TS}/dist/main.js`]],
];

const first = {
  id: 1, url: 'https://example.com/', title: 'Example', tags: ['example', 'docs'], visibility: 'public',
  owner: { name: 'Ada', email: 'ada@example.com' },
};

for (const [name, command, args] of servers) {
  describe(`the ${name} server`, () => {
    let client;
    let log = '';
    before(async () => {
      const transport = new StdioClientTransport({ command, args, stderr: 'pipe' });
      transport.stderr?.on('data', (d) => { log += d; });
      client = new Client({ name: 'named-types-test', version: '1.0.0' }, { capabilities: {} });
      await client.connect(transport);
    });
    after(async () => { await client?.close(); });

    it('lists self-contained schemas, with named types inlined as in the IR', async () => {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name), ir.tools.map((t) => t.name));
      for (const tool of tools) {
        const listed = JSON.stringify([tool.inputSchema, tool.outputSchema]);
        assert.ok(!listed.includes('$ref') && !listed.includes('$defs'), `${tool.name}: ${listed}`);
        const spec = ir.tools.find((t) => t.name === tool.name);
        assert.deepEqual(tool.inputSchema, spec.inputSchema.schema, tool.name);
        assert.deepEqual(tool.outputSchema, spec.outputSchema.schema, tool.name);
      }
      // Bookmark is declared once and inlined in three output schemas, one input and a list.
      const bookmark = ir.types.find((t) => t.name === 'Bookmark').schema;
      const outputs = Object.fromEntries(tools.map((t) => [t.name, t.outputSchema]));
      assert.deepEqual(outputs.get_bookmark, bookmark);
      assert.deepEqual(outputs.add_bookmark, bookmark);
      assert.deepEqual(outputs.update_bookmark, { ...bookmark, description: 'The bookmark as saved' });
      assert.deepEqual(outputs.list_bookmarks.properties.result.items, bookmark);
      assert.deepEqual(tools.find((t) => t.name === 'update_bookmark').inputSchema.properties.bookmark, bookmark);
    });

    it('answers with the shared Bookmark shape from every tool that returns it', async () => {
      const call = async (tool, args) => {
        const result = await client.callTool({ name: tool, arguments: args });
        assert.ok(!result.isError, `${tool}: ${JSON.stringify(result.content)}\n${log}`);
        return result.structuredContent;
      };
      assert.deepEqual(await call('get_bookmark', { id: 1 }), first);
      const added = await call('add_bookmark', { url: 'https://example.org/', tags: ['new'] });
      assert.deepEqual(added, { id: 2, url: 'https://example.org/', tags: ['new'], visibility: 'private' });
      const renamed = { ...added, title: 'Org', owner: { name: 'Grace', favourite: 'new' } };
      assert.deepEqual(await call('update_bookmark', { bookmark: renamed }), renamed);
      assert.deepEqual(await call('list_bookmarks', { tag: 'new' }), { result: [renamed] });
      assert.deepEqual(await call('list_bookmarks', {}), { result: [first, renamed] });
      assert.deepEqual(await call('find_owner', { id: 2 }), { result: { name: 'Grace', favourite: 'new' } });
    });

    it('refuses arguments that break a named type where it is used', async () => {
      for (const [tool, bad] of [
        ['get_bookmark', { id: 0 }],                                  // BookmarkId: minimum 1
        ['list_bookmarks', { tag: 'Not A Tag' }],                     // Tag: pattern
        ['add_bookmark', { url: 'https://x.org/', visibility: 'everyone' }],  // Visibility: enum
        ['update_bookmark', { bookmark: { id: 1 } }],                 // Bookmark: url is required
      ]) {
        const refused = await client.callTool({ name: tool, arguments: bad }).then((r) => r.isError === true, () => true);
        assert.ok(refused, `${tool} accepted ${JSON.stringify(bad)}`);
      }
    });
  });
}
