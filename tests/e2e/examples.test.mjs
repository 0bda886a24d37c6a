// End-to-end tests of the generated example servers (examples/calculator, inventory, notes)
// through the official TypeScript SDK 2.x client (@modelcontextprotocol/client).
//
// The servers are built by add_mcp_server() from each example's mcp.yaml and its handlers:
//   MCPC_CALCULATOR  default build/bin/mcpc-calculator
//   MCPC_INVENTORY   default build/bin/mcpc-inventory
//   MCPC_NOTES       default build/bin/mcpc-notes
// A suite whose binary does not exist is skipped, with the reason. Every server gets its own
// temporary directory (the inventory database, the notes), removed afterwards.
//
// Run: ctest --test-dir build -R e2e.examples, or
//      MCPC_CALCULATOR=... MCPC_INVENTORY=... MCPC_NOTES=... node --test tests/e2e/examples.test.mjs
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  accessSync, constants as fsConstants, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client, ResourceNotFoundError, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const here = dirname(fileURLToPath(import.meta.url));
const TIMEOUT = 20_000;
const tail = (s, n = 3000) => (s.length > n ? '…' + s.slice(-n) : s);
const texts = (result) => (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text);

function server(envVar, name) {
  const path = resolve(process.env[envVar] || join(here, '../../build/bin', name));
  try {
    accessSync(path, fsConstants.X_OK);
    return { path, skip: false };
  } catch {
    const skip = `${name} not found at ${path} (build it, or set ${envVar})`;
    console.log(`# ${skip}`);
    return { path, skip };
  }
}
const calculator = server('MCPC_CALCULATOR', 'mcpc-calculator');
const inventory = server('MCPC_INVENTORY', 'mcpc-inventory');
const notes = server('MCPC_NOTES', 'mcpc-notes');

const temps = [];
function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `mcpc-e2e-${prefix}-`));
  temps.push(dir);
  return dir;
}
after(() => { for (const dir of temps) rmSync(dir, { recursive: true, force: true }); });

// A connected SDK client over stdio; `log()` is the server's stderr so far, `wire` every
// JSON-RPC message received after initialize (as sent, before the SDK interprets it).
async function connectStdio(program, { env = {}, cwd, args = [] } = {}) {
  const transport = new StdioClientTransport({ command: program, args, env, cwd, stderr: 'pipe' });
  let log = '';
  transport.stderr?.on('data', (d) => { log = tail(log + d, 8000); });
  const client = new Client({ name: 'mcpc-e2e-examples', version: '1.0.0' }, { capabilities: {} });
  try {
    await client.connect(transport, { timeout: 10_000 });
  } catch (err) {
    err.message += `\n--- server stderr ---\n${log}`;
    throw err;
  }
  const wire = [];
  const onmessage = transport.onmessage;
  transport.onmessage = (message, extra) => { wire.push(message); onmessage?.call(transport, message, extra); };
  return { client, log: () => log, wire };
}

// A resources/read that must fail with "resource not found". The SDK 2.x client recognises
// it (as ResourceNotFoundError) from -32002 or -32602 with data {uri}; on the wire the server
// sends -32002, what the handler throws.
async function assertNotFound(client, uri, wire) {
  await assert.rejects(client.readResource({ uri }), (err) => {
    assert.ok(err instanceof ResourceNotFoundError, `not a ResourceNotFoundError: ${err.code} ${err.message}`);
    assert.equal(err.uri, uri);
    return true;
  });
  if (wire) {
    const answer = wire.findLast((m) => m.error);
    assert.equal(answer?.error?.code, -32002, JSON.stringify(answer));
    assert.deepEqual(answer.error.data, { uri });
  }
}

// Runs a server to completion (for servers that must refuse to start).
function runToExit(program, args, env) {
  return new Promise((res, rej) => {
    const child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); rej(new Error(`did not exit: ${out}`)); }, 5000);
    child.on('exit', (code) => { clearTimeout(timer); res({ code, out }); });
  });
}

async function call(client, name, args = {}) {
  return client.callTool({ name, arguments: args });
}
async function ok(client, name, args = {}) {
  const result = await call(client, name, args);
  assert.ok(!result.isError, `${name} failed: ${JSON.stringify(result)}`);
  return result;
}
async function toolNames(client) {
  const { tools } = await client.listTools();
  for (const t of tools) assert.ok(t.description?.length > 0, `${t.name} has no description`);
  return tools.map((t) => t.name).sort();
}

// ---------------------------------------------------------------------------------------------
// calculator: stdio, four pure tools
// ---------------------------------------------------------------------------------------------
describe('calculator (stdio)', { skip: calculator.skip, timeout: 60_000 }, () => {
  let c;
  before(async () => { c = await connectStdio(calculator.path); });
  after(async () => { await c?.client.close().catch(() => {}); });

  it('initialize: serverInfo from the spec', { timeout: TIMEOUT }, () => {
    const info = c.client.getServerVersion();
    assert.equal(info.name, 'calculator-mcp');
    assert.equal(info.version, '1.0.0');
    assert.ok(c.client.getServerCapabilities()?.tools);
  });

  it('tools/list: the four tools, pure and with an output schema', { timeout: TIMEOUT }, async () => {
    const { tools } = await c.client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['add', 'divide', 'multiply', 'subtract']);
    for (const t of tools) {
      assert.deepEqual(t.inputSchema.required?.slice().sort(), ['a', 'b'], `${t.name} inputSchema.required`);
      assert.equal(t.outputSchema?.properties?.result?.type, 'number', `${t.name} outputSchema`);
      assert.equal(t.annotations?.readOnlyHint, true, `${t.name} readOnlyHint`);
    }
  });

  for (const [name, a, b, expected] of [
    ['add', 2, 3, 5], ['add', -1.5, 0.25, -1.25],
    ['subtract', 10, 4, 6], ['subtract', 4, 10, -6],
    ['multiply', -3, 2.5, -7.5], ['multiply', 0, 123, 0],
    ['divide', 7, 2, 3.5], ['divide', -9, 3, -3],
  ]) {
    it(`${name}(${a}, ${b}) = ${expected}`, { timeout: TIMEOUT }, async () => {
      const result = await ok(c.client, name, { a, b });
      assert.deepEqual(result.structuredContent, { result: expected });
      assert.ok(texts(result).some((t) => JSON.parse(t).result === expected), JSON.stringify(result.content));
    });
  }

  it('divide by zero: isError with a reason, no result', { timeout: TIMEOUT }, async () => {
    for (const a of [1, 0, -5]) {
      const result = await call(c.client, 'divide', { a, b: 0 });
      assert.equal(result.isError, true, JSON.stringify(result));
      assert.equal(result.structuredContent, undefined);
      assert.match(texts(result).join('\n'), /zero/i);
    }
  });

  it('an overflowing product is an error, not a bogus number', { timeout: TIMEOUT }, async () => {
    const result = await call(c.client, 'multiply', { a: 1e308, b: 10 });
    assert.equal(result.isError, true, JSON.stringify(result));
    assert.match(texts(result).join('\n'), /finite/);
  });
});

// ---------------------------------------------------------------------------------------------
// inventory: stdio, a SQLite file, INVENTORY_API_KEY required
// ---------------------------------------------------------------------------------------------
describe('inventory (stdio, SQLite)', { skip: inventory.skip, timeout: 90_000 }, () => {
  let c;
  let dir;
  let db;
  const env = () => ({ INVENTORY_API_KEY: 'e2e-key', INVENTORY_DB: db });
  const search = async (args) => (await ok(c.client, 'search_products', args)).structuredContent.result;

  before(async () => {
    dir = tempDir('inventory');
    db = join(dir, 'stock.db');
    c = await connectStdio(inventory.path, { env: env(), cwd: dir });
  });
  after(async () => { await c?.client.close().catch(() => {}); });

  it('refuses to start without INVENTORY_API_KEY', { timeout: TIMEOUT }, async () => {
    const { INVENTORY_API_KEY, ...rest } = { ...process.env, ...env() };
    const { code, out } = await runToExit(inventory.path, ['--transport', 'stdio'], rest);
    assert.equal(code, 2, out);
    assert.match(out, /INVENTORY_API_KEY/);
  });

  it('initialize and tools/list match the spec', { timeout: TIMEOUT }, async () => {
    assert.equal(c.client.getServerVersion().name, 'inventory-mcp');
    assert.deepEqual(await toolNames(c.client), ['refresh_cache', 'search_products', 'sync_catalog']);
  });

  it('search_products finds the seeded products; the database file is INVENTORY_DB', { timeout: TIMEOUT }, async () => {
    assert.deepEqual(await search({ query: 'mouse' }), [{ id: 'EL-MOUSE-01', name: 'Wireless mouse', price: 24.5 }]);
    assert.ok(existsSync(db), `no database at ${db}`);
    assert.ok(!existsSync(join(dir, 'inventory.db')), 'the default inventory.db was created instead');
    // SKUs match too, case-insensitively; every word must match, in any order.
    assert.deepEqual((await search({ query: 'fd-tea' })).map((p) => p.id), ['FD-TEA-GRN']);
    assert.deepEqual((await search({ query: 'socks wool' })).map((p) => p.id), ['CL-SOCKS-WL']);
    assert.deepEqual(await search({ query: 'socks chocolate' }), []);
    assert.deepEqual(await search({ query: 'no such product' }), []);
  });

  it('search_products: the category filter and the limit', { timeout: TIMEOUT }, async () => {
    const food = await search({ query: '', category: 'food' });
    assert.deepEqual(food.map((p) => p.id).sort(), ['FD-CHOC-DK', 'FD-TEA-GRN']);
    const clothing = await search({ query: 'o', category: 'clothing' });
    assert.deepEqual(clothing.map((p) => p.id).sort(), ['CL-RAIN-JKT', 'CL-SOCKS-WL', 'CL-TSHIRT-M']);
    assert.deepEqual(await search({ query: 'cable', category: 'food' }), []);
    assert.equal((await search({ query: '' })).length, 8, 'the seed has 8 products');
    assert.equal((await search({ query: '', limit: 3 })).length, 3);
    // A name starting with the query comes first.
    assert.equal((await search({ query: 'wool' }))[0].id, 'CL-SOCKS-WL');
    // LIKE wildcards in the query are literal, and quotes are just characters (parameters).
    assert.deepEqual(await search({ query: '%' }), []);
    assert.deepEqual(await search({ query: '_' }), []);
    assert.deepEqual(await search({ query: "' OR 1=1 --" }), []);
  });

  it('search_products: a category outside the enum is refused', { timeout: TIMEOUT }, async () => {
    let refused = false;
    try {
      refused = (await call(c.client, 'search_products', { query: '', category: 'toys' })).isError === true;
    } catch {
      refused = true;
    }
    assert.ok(refused, 'category "toys" was accepted');
  });

  it('sync_catalog reports what changed, and is idempotent', { timeout: TIMEOUT }, async () => {
    const first = await ok(c.client, 'sync_catalog');
    assert.deepEqual(first.structuredContent, { updated: 4, removed: 1 });
    const second = await ok(c.client, 'sync_catalog');
    assert.deepEqual(second.structuredContent, { updated: 0, removed: 0 });
    // The catalog's changes are in the database.
    assert.deepEqual((await search({ query: 'keyboard' })).map((p) => p.id), ['EL-KBD-MECH']);
    assert.deepEqual(await search({ query: 'rain jacket' }), []);
    assert.equal((await search({ query: 'usb-c' }))[0].price, 8.99);
    assert.equal((await search({ query: '', category: 'food' })).length, 3);
  });

  it('refresh_cache: one SKU, all products, an unknown SKU', { timeout: TIMEOUT }, async () => {
    assert.match(texts(await ok(c.client, 'refresh_cache', { sku: 'EL-MOUSE-01' })).join('\n'), /EL-MOUSE-01/);
    assert.match(texts(await ok(c.client, 'refresh_cache')).join('\n'), /\b9 product/);
    const unknown = await call(c.client, 'refresh_cache', { sku: 'NO-SUCH-SKU' });
    assert.equal(unknown.isError, true, JSON.stringify(unknown));
    assert.match(texts(unknown).join('\n'), /NO-SUCH-SKU/);
  });

  it('concurrent calls all succeed', { timeout: TIMEOUT }, async () => {
    const results = await Promise.all([
      ...Array.from({ length: 8 }, () => call(c.client, 'search_products', { query: 'e' })),
      call(c.client, 'refresh_cache'), call(c.client, 'sync_catalog')]);
    for (const r of results) assert.ok(!r.isError, JSON.stringify(r));
  });

  it('the data persists across restarts, without re-seeding', { timeout: TIMEOUT }, async () => {
    await c.client.close();
    c = await connectStdio(inventory.path, { env: env(), cwd: dir });
    assert.deepEqual((await search({ query: 'keyboard' })).map((p) => p.id), ['EL-KBD-MECH']);
    assert.deepEqual(await search({ query: 'rain' }), []);
    assert.equal((await search({ query: '' })).length, 9);
  });
});

// ---------------------------------------------------------------------------------------------
// notes: files under NOTES_DIR; stdio, then HTTP with bearer auth
// ---------------------------------------------------------------------------------------------
describe('notes (stdio)', { skip: notes.skip, timeout: 90_000 }, () => {
  let c;
  let notesDir;
  let cwd;
  const search = async (args) => (await ok(c.client, 'search_notes', args)).structuredContent.result;

  before(async () => {
    cwd = tempDir('notes-cwd');
    notesDir = join(tempDir('notes'), 'store');
    c = await connectStdio(notes.path, { args: ['--transport', 'stdio'], env: { NOTES_TOKEN: 'unused-on-stdio', NOTES_DIR: notesDir }, cwd });
  });
  after(async () => { await c?.client.close().catch(() => {}); });

  it('refuses to start without NOTES_TOKEN', { timeout: TIMEOUT }, async () => {
    const { NOTES_TOKEN, ...rest } = { ...process.env, NOTES_DIR: notesDir };
    const { code, out } = await runToExit(notes.path, ['--transport', 'stdio'], rest);
    assert.equal(code, 2, out);
    assert.match(out, /NOTES_TOKEN/);
  });

  it('initialize and the lists match the spec', { timeout: TIMEOUT }, async () => {
    assert.equal(c.client.getServerVersion().name, 'notes-mcp');
    assert.deepEqual(await toolNames(c.client), ['create_note', 'search_notes']);
    const { resources } = await c.client.listResources();
    assert.deepEqual(resources.map((r) => r.uri).sort(), ['notes://folders', 'notes://guide']);
    const { resourceTemplates } = await c.client.listResourceTemplates();
    assert.deepEqual(resourceTemplates.map((t) => t.uriTemplate), ['notes://{folder}/{id}']);
    const { prompts } = await c.client.listPrompts();
    assert.deepEqual(prompts.map((p) => p.name).sort(), ['summarize_note', 'weekly_review']);
  });

  it('static resources', { timeout: TIMEOUT }, async () => {
    const guide = (await c.client.readResource({ uri: 'notes://guide' })).contents[0];
    assert.equal(guide.mimeType, 'text/markdown');
    assert.match(guide.text, /notes:\/\/\{folder\}\/\{id\}/);
    const folders = (await c.client.readResource({ uri: 'notes://folders' })).contents[0];
    assert.deepEqual(JSON.parse(folders.text), ['inbox', 'work', 'personal', 'archive']);
  });

  it('create_note writes a file under NOTES_DIR and returns its id and URI', { timeout: TIMEOUT }, async () => {
    const made = await ok(c.client, 'create_note', { title: 'Buy milk', body: 'Semi-skimmed, two litres.', tags: ['errands', 'home'] });
    assert.deepEqual(made.structuredContent, { id: 'buy-milk', uri: 'notes://inbox/buy-milk' });
    const file = join(notesDir, 'inbox', 'buy-milk.md');
    assert.ok(existsSync(file), `no ${file}`);
    assert.equal(readFileSync(file, 'utf8'), '# Buy milk\ntags: errands, home\n\nSemi-skimmed, two litres.\n');
    assert.ok(!existsSync(join(cwd, 'notes')), 'the default ./notes was used instead of NOTES_DIR');

    const again = await ok(c.client, 'create_note', { title: 'Buy milk!', body: 'Oat milk this time.' });
    assert.deepEqual(again.structuredContent, { id: 'buy-milk-2', uri: 'notes://inbox/buy-milk-2' });
    const work = await ok(c.client, 'create_note', { folder: 'work', title: 'Quarterly plan', body: 'Budget review with **finance**.' });
    assert.deepEqual(work.structuredContent, { id: 'quarterly-plan', uri: 'notes://work/quarterly-plan' });
    assert.deepEqual(readdirSync(notesDir).sort(), ['inbox', 'work']);
  });

  it('search_notes: title or body, case-insensitive, by folder, limited', { timeout: TIMEOUT }, async () => {
    assert.deepEqual(await search({ query: 'MILK' }), [
      { id: 'buy-milk', title: 'Buy milk', folder: 'inbox' },
      { id: 'buy-milk-2', title: 'Buy milk!', folder: 'inbox' }]);
    assert.deepEqual(await search({ query: 'finance' }), [{ id: 'quarterly-plan', title: 'Quarterly plan', folder: 'work' }]);
    assert.deepEqual(await search({ query: 'milk', folder: 'work' }), []);
    assert.deepEqual(await search({ query: 'milk', folder: 'personal' }), []);
    assert.equal((await search({ query: 'milk', limit: 1 })).length, 1);
    assert.equal((await search({ query: '' })).length, 3);
    assert.deepEqual(await search({ query: 'nothing like this' }), []);
  });

  it('resources/read of notes://{folder}/{id} returns the note', { timeout: TIMEOUT }, async () => {
    const { contents } = await c.client.readResource({ uri: 'notes://work/quarterly-plan' });
    assert.equal(contents.length, 1);
    assert.equal(contents[0].uri, 'notes://work/quarterly-plan');
    assert.equal(contents[0].mimeType, 'text/markdown');
    assert.equal(contents[0].text, '# Quarterly plan\n\nBudget review with **finance**.\n');
  });

  it('resources/read of a missing note: resource not found (-32002)', { timeout: TIMEOUT }, async () => {
    await assertNotFound(c.client, 'notes://inbox/no-such-note', c.wire);
    await assertNotFound(c.client, 'notes://nowhere/buy-milk', c.wire);
  });

  it('path traversal is refused everywhere', { timeout: TIMEOUT }, async () => {
    // A note-shaped file just outside NOTES_DIR, and one in it that only "../" could name.
    const outside = join(dirname(notesDir), 'secret');
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'x.md'), '# Secret\n');
    // The URI template decodes %2F, so these reach the handler with '/' and '..' in them.
    for (const uri of ['notes://..%2Fsecret/x', 'notes://inbox/..%2F..%2Fsecret%2Fx', 'notes://inbox/..%2Fwork%2Fquarterly-plan',
                       'notes://..%2F..%2Fetc/passwd', 'notes://inbox/..', 'notes://Inbox/buy-milk', 'notes://inbox/Buy-Milk']) {
      await assert.rejects(c.client.readResource({ uri }), (err) => {
        assert.equal(err.code, -32602, `${uri}: ${err.code} ${err.message}`);
        assert.ok(!(err instanceof ResourceNotFoundError), `${uri}: answered as not found, not as invalid`);
        return true;
      }, uri);
    }
    await assert.rejects(c.client.getPrompt({ name: 'summarize_note', arguments: { folder: '../secret', id: 'x' } }),
                         (err) => err.code === -32602);
    for (const folder of ['../escape', 'a/b', '..', 'UPPER']) {
      let refused = false;
      try {
        refused = (await call(c.client, 'create_note', { folder, title: 'x', body: 'y' })).isError === true;
      } catch {
        refused = true;
      }
      assert.ok(refused, `create_note accepted folder ${folder}`);
      try {
        refused = (await call(c.client, 'search_notes', { query: '', folder })).isError === true;
      } catch {
        refused = true;
      }
      assert.ok(refused, `search_notes accepted folder ${folder}`);
    }
    assert.deepEqual(readdirSync(notesDir).sort(), ['inbox', 'work']);
    assert.deepEqual(readdirSync(dirname(notesDir)).sort(), ['secret', 'store']);
  });

  it('prompts/get summarize_note fills the arguments and embeds the note', { timeout: TIMEOUT }, async () => {
    const got = await c.client.getPrompt({ name: 'summarize_note', arguments: { folder: 'inbox', id: 'buy-milk', length: 'one sentence' } });
    assert.equal(got.messages[0].role, 'user');
    assert.deepEqual(got.messages[0].content, { type: 'text', text: 'Summarise the note notes://inbox/buy-milk in one sentence.' });
    assert.equal(got.messages[1].content.type, 'resource');
    assert.equal(got.messages[1].content.resource.uri, 'notes://inbox/buy-milk');
    assert.match(got.messages[1].content.resource.text, /Semi-skimmed/);

    const nolength = await c.client.getPrompt({ name: 'summarize_note', arguments: { folder: 'work', id: 'quarterly-plan' } });
    assert.equal(nolength.messages[0].content.text, 'Summarise the note notes://work/quarterly-plan in a few sentences.');

    const review = await c.client.getPrompt({ name: 'weekly_review' });
    assert.deepEqual(review.messages.map((m) => m.role), ['user', 'assistant']);
    assert.match(review.messages[0].content.text, /inbox notes from this week/);
  });
});

describe('notes (Streamable HTTP, bearer token)', { skip: notes.skip, timeout: 60_000 }, () => {
  const TOKEN = 'e2e-notes-token-41c9';
  let child;
  let base;
  let log = '';
  let notesDir;

  before(async () => {
    notesDir = join(tempDir('notes-http'), 'store');
    child = spawn(notes.path, ['--transport', 'http', '--host', '127.0.0.1', '--port', '0'], {
      env: { ...process.env, NOTES_TOKEN: TOKEN, NOTES_DIR: notesDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => { log = tail(log + d, 8000); });
    base = await new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`server did not start: ${log}`)), 10_000);
      child.stderr.on('data', (d) => {
        log = tail(log + d, 8000);
        const m = /listening on (http:\/\/[^\s]+)\/mcp/.exec(log);
        if (m) { clearTimeout(timer); res(m[1]); }
      });
      child.on('exit', (code) => { clearTimeout(timer); rej(new Error(`server exited ${code}: ${log}`)); });
    });
  });
  after(() => { child?.kill('SIGKILL'); });

  const initialize = JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'e2e', version: '1' } } });
  const post = (headers) => fetch(`${base}/mcp`, { method: 'POST', body: initialize,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers } });

  it('401 without the token or with a wrong one', { timeout: TIMEOUT }, async () => {
    const none = await post({});
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /Bearer/);
    assert.equal((await post({ Authorization: 'Bearer wrong' })).status, 401);
    assert.equal((await post({ Authorization: `Bearer ${TOKEN}` })).status, 200);
  });

  it('the SDK client with the token: create, search, read', { timeout: TIMEOUT }, async () => {
    const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } });
    const client = new Client({ name: 'mcpc-e2e-examples', version: '1.0.0' }, { capabilities: {} });
    try {
      await client.connect(transport, { timeout: 10_000 });
      assert.deepEqual(await toolNames(client), ['create_note', 'search_notes']);
      const made = await ok(client, 'create_note', { folder: 'personal', title: 'Call the plumber', body: 'The kitchen tap drips.' });
      assert.deepEqual(made.structuredContent, { id: 'call-the-plumber', uri: 'notes://personal/call-the-plumber' });
      const found = (await ok(client, 'search_notes', { query: 'tap' })).structuredContent.result;
      assert.deepEqual(found, [{ id: 'call-the-plumber', title: 'Call the plumber', folder: 'personal' }]);
      const { contents } = await client.readResource({ uri: made.structuredContent.uri });
      assert.equal(contents[0].text, '# Call the plumber\n\nThe kitchen tap drips.\n');
      await assertNotFound(client, 'notes://personal/missing');
      assert.ok(existsSync(join(notesDir, 'personal', 'call-the-plumber.md')));
    } catch (err) {
      err.message += `\n--- server output ---\n${log}`;
      throw err;
    } finally {
      await client.close().catch(() => {});
    }
  });
});
