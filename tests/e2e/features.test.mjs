// End-to-end tests of spec features against a server generated from tests/e2e/features/mcp.yaml,
// through the official TypeScript SDK 2.x client (@modelcontextprotocol/client) over stdio:
// prompt arguments with a default and an enum, completion/complete (enum-backed and through the
// handlers' hooks), a resource whose content a handler makes at read time, and tool results with
// image, audio, resource-link and embedded-resource content, checked as they are on the wire.
//
// The same file runs against both backends:
//   MCPC_FEATURES_SERVER  the server command: the native binary (CTest e2e.features, built by
//                         add_mcp_server() from features_handlers.cc), or "NODE PKG/dist/main.js"
//                         for the TypeScript package (CTest ts.features, tests/ts/run-features.sh)
// split on spaces. Without it the suite is skipped, with the reason.
//
// Run: ctest --test-dir build -R 'e2e.features|ts.features', or
//      MCPC_FEATURES_SERVER=build/tests/e2e/features/mcpc-features-server node --test tests/e2e/features.test.mjs
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const TIMEOUT = 20_000;
const command = (process.env.MCPC_FEATURES_SERVER ?? '').split(' ').filter((part) => part !== '');
const skip = command.length === 0 ? 'MCPC_FEATURES_SERVER is not set (see the comment at the top)' : false;
if (skip) console.log(`# ${skip}`);

// The bytes the handlers return (features_handlers.cc, ts/handlers/fixtures.ts).
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const WAV = Buffer.from('RIFF$\0\0\0WAVEfmt ', 'latin1');
const TEMPLATE = 'features://reports/{kind}/{id}';

describe(`spec features (${command.join(' ') || 'no server'})`, { skip, timeout: 120_000 }, () => {
  let client;
  let log = '';
  const wire = [];

  before(async () => {
    const transport = new StdioClientTransport({ command: command[0], args: command.slice(1), stderr: 'pipe' });
    transport.stderr?.on('data', (d) => { log = (log + d).slice(-8000); });
    client = new Client({ name: 'mcpc-e2e-features', version: '1.0.0' }, { capabilities: {} });
    try {
      await client.connect(transport, { timeout: 10_000 });
    } catch (err) {
      err.message += `\n--- server stderr ---\n${log}`;
      throw err;
    }
    // Every message as the server sent it, before the SDK reads it.
    const onmessage = transport.onmessage;
    transport.onmessage = (message, extra) => { wire.push(message); onmessage?.call(transport, message, extra); };
  });
  after(async () => { await client?.close().catch(() => {}); });

  // The result of the last response on the wire, for a request the client just made.
  const lastResult = () => wire.findLast((m) => m.result !== undefined)?.result;

  // A request that must fail with -32602 and a message matching every pattern.
  async function assertInvalidParams(promise, patterns) {
    await assert.rejects(promise, (err) => {
      assert.equal(err.code, -32602, `${err.code} ${err.message}`);
      for (const pattern of patterns) assert.match(err.message, pattern);
      return true;
    });
  }

  // ---- prompt arguments: default and enum ----

  it('prompts/list: arguments with a default are optional', { timeout: TIMEOUT }, async () => {
    const { prompts } = await client.listPrompts();
    const story = prompts.find((p) => p.name === 'write_story');
    assert.deepEqual(
      story.arguments.map((a) => [a.name, a.required === true]),
      [['topic', true], ['style', false], ['length', false]],
    );
  });

  it('prompts/get: absent arguments take their defaults', { timeout: TIMEOUT }, async () => {
    const got = await client.getPrompt({ name: 'write_story', arguments: { topic: 'dragons' } });
    assert.deepEqual(got.messages, [
      { role: 'user', content: { type: 'text', text: 'Write a story about dragons in a casual style, a few paragraphs long.' } },
    ]);
  });

  it('prompts/get: given arguments win over the defaults', { timeout: TIMEOUT }, async () => {
    const got = await client.getPrompt({ name: 'write_story', arguments: { topic: 'ducks', style: 'poetic', length: 'one line' } });
    assert.equal(got.messages[0].content.text, 'Write a story about ducks in a poetic style, one line long.');
  });

  it('prompts/get: a value outside the enum is -32602 naming the argument and the allowed values', { timeout: TIMEOUT }, async () => {
    await assertInvalidParams(client.getPrompt({ name: 'write_story', arguments: { topic: 'dogs', style: 'rude' } }),
      [/style/, /formal/, /casual/, /poetic/]);
    await assertInvalidParams(client.getPrompt({ name: 'write_story', arguments: { style: 'formal' } }), [/topic/]);
  });

  // ---- completion/complete ----

  const complete = async (ref, name, value, context) => {
    const params = { ref, argument: { name, value } };
    if (context) params.context = { arguments: context };
    return (await client.complete(params)).completion.values;
  };
  const story = { type: 'ref/prompt', name: 'write_story' };
  const report = { type: 'ref/resource', uri: TEMPLATE };

  it('completion/complete: a prompt argument with an enum completes from it, without a handler', { timeout: TIMEOUT }, async () => {
    assert.ok(client.getServerCapabilities()?.completions, 'completions capability');
    assert.deepEqual(await complete(story, 'style', ''), ['formal', 'casual', 'poetic']);
    assert.deepEqual(await complete(story, 'style', 'p'), ['poetic']);
    assert.deepEqual(await complete(story, 'style', 'x'), []);
  });

  it('completion/complete: other prompt arguments ask the handler, or complete to nothing', { timeout: TIMEOUT }, async () => {
    assert.deepEqual(await complete(story, 'topic', 'd'), ['dragons', 'dogs', 'ducks']);
    assert.deepEqual(await complete(story, 'topic', 'dr'), ['dragons']);
    assert.deepEqual(await complete(story, 'length', 'a'), []);
  });

  it('completion/complete: template variables, from the enum and from the handler with the context', { timeout: TIMEOUT }, async () => {
    assert.deepEqual(await complete(report, 'kind', 'w'), ['weekly']);
    assert.deepEqual(await complete(report, 'kind', ''), ['daily', 'weekly', 'monthly']);
    assert.deepEqual(await complete(report, 'id', '', { kind: 'monthly' }), ['monthly-1', 'monthly-2']);
    assert.deepEqual(await complete(report, 'id', 'any-2'), ['any-2']);
  });

  // ---- resources whose content a handler makes ----

  it('resources/read: a handler resource is made at each read', { timeout: TIMEOUT }, async () => {
    const { resources } = await client.listResources();
    assert.deepEqual(resources.map((r) => r.uri).sort(), ['features://counter', 'features://static']);
    const first = await client.readResource({ uri: 'features://counter' });
    const second = await client.readResource({ uri: 'features://counter' });
    const count = (r) => Number(/^read (\d+) times$/.exec(r.contents[0].text)?.[1]);
    assert.ok(count(first) >= 1, JSON.stringify(first));
    assert.equal(count(second), count(first) + 1, JSON.stringify(second));
    assert.equal(second.contents[0].uri, 'features://counter');
    assert.equal(second.contents[0].mimeType, 'text/plain');
    const fixed = await client.readResource({ uri: 'features://static' });
    assert.equal(fixed.contents[0].text, 'Static text');
  });

  it('resources/read: the template handler gets the variables', { timeout: TIMEOUT }, async () => {
    const got = await client.readResource({ uri: 'features://reports/weekly/7' });
    assert.equal(got.contents[0].text, 'weekly report 7');
  });

  // ---- tool results with typed content ----

  it('tools/call: image and text content, as MCP spells them', { timeout: TIMEOUT }, async () => {
    const result = await client.callTool({ name: 'chart', arguments: {} });
    assert.deepEqual(lastResult(), {
      content: [
        { type: 'image', data: PNG.toString('base64'), mimeType: 'image/png' },
        { type: 'text', text: 'A chart of nothing in particular' },
      ],
    });
    assert.ok(!result.isError);
  });

  it('tools/call: audio content', { timeout: TIMEOUT }, async () => {
    await client.callTool({ name: 'recording', arguments: {} });
    assert.deepEqual(lastResult(), { content: [{ type: 'audio', data: WAV.toString('base64'), mimeType: 'audio/wav' }] });
  });

  it('tools/call: resource-link content', { timeout: TIMEOUT }, async () => {
    await client.callTool({ name: 'find_report', arguments: { id: '42' } });
    assert.deepEqual(lastResult(), {
      content: [{ type: 'resource_link', uri: 'features://reports/daily/42', name: 'report 42', mimeType: 'text/plain' }],
    });
  });

  it('tools/call: embedded resources, text and blob', { timeout: TIMEOUT }, async () => {
    await client.callTool({ name: 'report_inline', arguments: {} });
    assert.deepEqual(lastResult(), {
      content: [
        { type: 'resource', resource: { uri: 'features://reports/daily/1', mimeType: 'text/plain', text: 'Daily report 1' } },
        {
          type: 'resource',
          resource: { uri: 'features://reports/daily/1.bin', mimeType: 'application/octet-stream', blob: PNG.toString('base64') },
        },
      ],
    });
  });

  it('tools/call: content of a type the tool does not declare is an error result', { timeout: TIMEOUT }, async () => {
    const result = await client.callTool({ name: 'mislabeled', arguments: {} });
    assert.equal(result.isError, true, JSON.stringify(result));
    assert.equal(result.content.length, 1);
    assert.match(result.content[0].text, /mislabeled.*"image".*not declare.*text/);
  });
});
