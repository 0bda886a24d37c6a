// The bookmarks test server (tests/bookmarks/mcp.yaml), native and TypeScript, through the
// official SDK 2.x client over stdio:
//   - resource template variables arrive typed ({id} declared integer is a number) and checked
//     against their schema before the handler runs: bookmarks://item/abc answers -32602 naming
//     the variable and why, never reaching the handler;
//   - a tool result breaking its output schema's `format` is refused by the native server
//     itself (an isError result naming the field, and a line on stderr), not by the client;
//   - tools/list lists properties in the order the spec writes them.
//
//   MCPC_BOOKMARKS  the native server (add_mcp_server(bookmarks ...)), default build/bin/bookmarks
//   MCPC            mcpc, to generate the TypeScript server, default build/bin/mcpc
// The TypeScript server is generated, built with tsc against tests/ts/node_modules and started
// with Node here; without those, its suite is skipped with the reason.
//
// Run: ctest --test-dir build -R e2e.bookmarks, or node --test tests/e2e/bookmarks.test.mjs
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants as fsConstants, cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const TIMEOUT = 30_000;
const tail = (s, n = 3000) => (s.length > n ? '…' + s.slice(-n) : s);

function executable(envVar, fallback) {
  const path = resolve(process.env[envVar] || fallback);
  try {
    accessSync(path, fsConstants.X_OK);
    return { path, skip: false };
  } catch {
    return { path, skip: `${path} not found (build it, or set ${envVar})` };
  }
}
const native = executable('MCPC_BOOKMARKS', join(repo, 'build/bin/bookmarks'));
const mcpc = executable('MCPC', join(repo, 'build/bin/mcpc'));
const tsModules = join(repo, 'tests/ts/node_modules');
const tsSkip = mcpc.skip || (existsSync(join(tsModules, 'typescript')) ? false : `${tsModules} is missing (scripts/bootstrap)`);

const temps = [];
after(() => { for (const dir of temps) rmSync(dir, { recursive: true, force: true }); });

// The TypeScript server: generated from the spec, the handlers of tests/bookmarks/ts/handlers
// over the generated stubs, built with tsc --strict.
function buildTypeScript() {
  const dir = mkdtempSync(join(tmpdir(), 'mcpc-e2e-bookmarks-ts-'));
  temps.push(dir);
  const run = (command, args, cwd) => {
    const r = spawnSync(command, args, { cwd, encoding: 'utf8' });
    assert.equal(r.status, 0, `${command} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  };
  run(mcpc.path, ['compile', join(repo, 'tests/bookmarks/mcp.yaml'), '--target', 'ts', '-q', '-o', dir]);
  cpSync(join(repo, 'tests/bookmarks/ts/handlers'), join(dir, 'src/handlers'), { recursive: true });
  symlinkSync(tsModules, join(dir, 'node_modules'));
  run(process.execPath, [join(tsModules, 'typescript/bin/tsc'), '-p', 'tsconfig.json'], dir);
  return { command: process.execPath, args: [join(dir, 'dist/main.js'), '--transport', 'stdio'] };
}

const servers = [
  { name: 'native', skip: native.skip, start: () => ({ command: native.path, args: ['--transport', 'stdio'] }) },
  { name: 'TypeScript', skip: tsSkip, start: buildTypeScript },
];

const readJson = async (client, uri) => JSON.parse((await client.readResource({ uri })).contents[0].text);

// A resources/read refused with -32602, its message matching each of `patterns`.
async function assertInvalid(client, uri, patterns) {
  await assert.rejects(client.readResource({ uri }), (err) => {
    assert.equal(err.code, -32602, `${uri}: ${err.code} ${err.message}`);
    for (const p of patterns) assert.match(err.message, p, uri);
    return true;
  });
}

for (const server of servers) {
  describe(`bookmarks server (${server.name})`, { skip: server.skip, timeout: 4 * TIMEOUT }, () => {
    let client;
    let transport;
    let log = '';

    before(async () => {
      const { command, args } = server.start();
      transport = new StdioClientTransport({ command, args, stderr: 'pipe' });
      transport.stderr?.on('data', (d) => { log = tail(log + d, 8000); });
      client = new Client({ name: 'mcpc-e2e-bookmarks', version: '1.0.0' }, { capabilities: {} });
      await client.connect(transport, { timeout: TIMEOUT });
    }, { timeout: 3 * TIMEOUT });
    after(async () => { await client?.close(); });

    it('tools/list: properties in the order the spec writes them', { timeout: TIMEOUT }, async () => {
      const { tools } = await client.listTools();
      const add = tools.find((t) => t.name === 'add_bookmark');
      assert.deepEqual(Object.keys(add.inputSchema.properties), ['url', 'title', 'created', 'tags']);
      assert.deepEqual(Object.keys(add.outputSchema.properties), ['id', 'url', 'title', 'created', 'tags']);
    });

    it('add_bookmark: a result within its schema', { timeout: TIMEOUT }, async () => {
      const result = await client.callTool({
        name: 'add_bookmark',
        arguments: { url: 'https://example.com/a', title: 'Alpha', created: '2024-01-31T12:00:00Z', tags: ['x'] },
      });
      assert.equal(result.isError, undefined, JSON.stringify(result));
      assert.deepEqual(result.structuredContent,
        { id: 1, url: 'https://example.com/a', title: 'Alpha', created: '2024-01-31T12:00:00Z', tags: ['x'] });
      await client.callTool({ name: 'add_bookmark', arguments: { url: 'https://example.com/b', title: 'Beta' } });
    });

    it('bookmarks://item/1: the variable arrives as a number', { timeout: TIMEOUT }, async () => {
      const item = await readJson(client, 'bookmarks://item/1');
      assert.equal(item.title, 'Alpha');
      assert.equal(item.next, 2);  // id + 1: the handler did arithmetic on it
    });

    it('bookmarks://item/abc and /0: -32602 naming the variable and why; the handler never runs',
      { timeout: TIMEOUT }, async () => {
        await assertInvalid(client, 'bookmarks://item/abc', [/\bid\b/, /\b(int(eger)?|number)\b/]);
        await assertInvalid(client, 'bookmarks://item/0', [/\bid\b/, />= ?1/]);
        await assertInvalid(client, 'bookmarks://item/1.5', [/\bid\b/, /\b(int(eger)?|number)\b/]);
        assert.doesNotMatch(log, /stoll|internal error/);
      });

    it('bookmarks://item/99: the handler says not found', { timeout: TIMEOUT }, async () => {
      await assert.rejects(client.readResource({ uri: 'bookmarks://item/99' }), (err) => {
        assert.match(err.message, /no bookmark 99/);
        return true;
      });
    });

    it('bookmarks://search: integer and boolean variables, checked', { timeout: TIMEOUT }, async () => {
      assert.deepEqual(await readJson(client, 'bookmarks://search?q=et&limit=5&exact=false'),
        { q: 'et', limit: 5, exact: false, ids: [2] });
      assert.deepEqual(await readJson(client, 'bookmarks://search?q=Alpha&limit=1&exact=true'),
        { q: 'Alpha', limit: 1, exact: true, ids: [1] });
      await assertInvalid(client, 'bookmarks://search?q=et&limit=51&exact=true', [/\blimit\b/, /<= ?50/]);
      await assertInvalid(client, 'bookmarks://search?q=et&limit=5&exact=maybe', [/\bexact\b/, /\bbool(ean)?\b/]);
    });

    if (server.name === 'native') {
      it('bookmarks://search: a variable left out is absent, not 0 or false', { timeout: TIMEOUT }, async () => {
        assert.deepEqual(await readJson(client, 'bookmarks://search?q=et'), { q: 'et', limit: null, exact: null, ids: [2] });
        assert.deepEqual(await readJson(client, 'bookmarks://search'), { q: '', limit: null, exact: null, ids: [1, 2] });
      });

      it('add_bookmark returning created "yesterday": the server refuses its own result, saying where',
        { timeout: TIMEOUT }, async () => {
          const result = await client.callTool({
            name: 'add_bookmark', arguments: { url: 'https://example.com/c', title: 'Gamma', created: 'yesterday' },
          });
          assert.equal(result.isError, true, JSON.stringify(result));
          assert.equal(result.structuredContent, undefined);
          const why = 'returned structured content that does not match its output schema: ' +
            '/created: must match format "date-time"';
          assert.match(result.content[0].text, new RegExp(why.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
          const line = /mcpc: Tool 'add_bookmark' returned structured content .*\/created: must match format "date-time"/;
          for (let i = 0; i < 40 && !line.test(log); ++i) await new Promise((r) => setTimeout(r, 50));  // stderr lags
          assert.match(log, line);
        });
    }
  });
}
