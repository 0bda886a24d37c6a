// End-to-end tests of an MCP server through the official TypeScript SDK clients: the 1.x line
// (@modelcontextprotocol/sdk) and the 2.x line (@modelcontextprotocol/client), each over stdio
// and over Streamable HTTP.
//
// The server is MCPC_SERVER: a binary path or a command string such as
// "node tests/e2e/reference-server.mjs" (split on spaces; relative paths resolve against the
// current directory). Default: build/bin/mcpc-everything-server in the repo. It is started as
//   SERVER --transport stdio           (by the SDK's StdioClientTransport), or
//   SERVER --transport http --host 127.0.0.1 --port P   (endpoint /mcp)
// Every test is skipped, with the reason, when the server binary does not exist.
//
// Run: tests/e2e/run-sdk-tests.sh [SERVER]   (uses Node 22 from node_modules), or
//      MCPC_SERVER=... node --test tests/e2e/sdk-client.test.mjs
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { dirname, resolve, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client as Client1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as Stdio1 } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport as Http1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { Client as Client2, StreamableHTTPClientTransport as Http2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as Stdio2 } from '@modelcontextprotocol/client/stdio';
import { program, serverArgs, skipReason } from './server-under-test.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const version = (pkg) => JSON.parse(readFileSync(join(here, 'node_modules', pkg, 'package.json'), 'utf8')).version;

// ---------------------------------------------------------------------------------------------
// The server under test
// ---------------------------------------------------------------------------------------------

const TIMEOUT = 20_000;       // per test
const T = { timeout: TIMEOUT, skip: skipReason }; // every test is skipped, with the reason, without a server
const tail = (s, n = 2000) => (s.length > n ? '…' + s.slice(-n) : s);

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}
function canConnect(port) {
  return new Promise((res) => {
    const sock = tcpConnect({ host: '127.0.0.1', port }, () => { sock.destroy(); res(true); });
    sock.once('error', () => res(false));
  });
}

// Starts the server over HTTP on a free loopback port; resolves when it accepts connections.
async function startHttpServer() {
  let lastError = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const child = spawn(program, [...serverArgs, '--transport', 'http', '--host', '127.0.0.1', '--port', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output = tail(output + d, 8000); });
    child.stderr.on('data', (d) => { output = tail(output + d, 8000); });
    let exited = false;
    child.once('exit', () => { exited = true; });
    const deadline = Date.now() + 15_000;
    while (!exited && Date.now() < deadline) {
      if (await canConnect(port)) {
        return { port, url: new URL(`http://127.0.0.1:${port}/mcp`), child, log: () => output };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    lastError = `server did not accept connections on port ${port} (attempt ${attempt}); output:\n${tail(output)}`;
  }
  throw new Error(lastError);
}
async function stopHttpServer(srv) {
  if (!srv || srv.child.exitCode !== null || srv.child.signalCode !== null) return;
  const exited = new Promise((r) => srv.child.once('exit', r));
  srv.child.kill('SIGTERM');
  const timer = setTimeout(() => srv.child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------
// The two SDK lines behind one small interface
// ---------------------------------------------------------------------------------------------
const clientInfo = { name: 'mcpc-e2e-client', version: '1.0.0' };
const capabilities = { sampling: {}, elicitation: {} };
const SDKS = [
  {
    name: `@modelcontextprotocol/sdk ${version('@modelcontextprotocol/sdk')}`,
    newClient: () => new Client1(clientInfo, { capabilities }),
    stdio: (params) => new Stdio1(params),
    http: (url) => new Http1(url),
    // 1.x: callTool(params, resultSchema?, options?)
    callTool: (client, params, options) => client.callTool(params, undefined, options),
    onSampling: (client, fn) => client.setRequestHandler(CreateMessageRequestSchema, fn),
    onElicitation: (client, fn) => client.setRequestHandler(ElicitRequestSchema, fn),
    onLog: (client, fn) => client.setNotificationHandler(LoggingMessageNotificationSchema, fn) },
  {
    name: `@modelcontextprotocol/client ${version('@modelcontextprotocol/client')}`,
    newClient: () => new Client2(clientInfo, { capabilities }),
    stdio: (params) => new Stdio2(params),
    http: (url) => new Http2(url),
    // 2.x: callTool(params, options?)
    callTool: (client, params, options) => client.callTool(params, options),
    onSampling: (client, fn) => client.setRequestHandler('sampling/createMessage', fn),
    onElicitation: (client, fn) => client.setRequestHandler('elicitation/create', fn),
    onLog: (client, fn) => client.setNotificationHandler('notifications/message', fn) },
];

// A value of the right type for each property of a (flat) elicitation schema.
function answerFor(schema) {
  const content = {};
  for (const [key, prop] of Object.entries(schema?.properties ?? {})) {
    if (prop.default !== undefined) content[key] = prop.default;
    else if (prop.type === 'boolean') content[key] = true;
    else if (prop.type === 'integer') content[key] = Math.max(prop.minimum ?? 1, 1);
    else if (prop.type === 'number') content[key] = Math.max(prop.minimum ?? 1, 1);
    else if (prop.type === 'array') {
      const opts = prop.items?.enum ?? (prop.items?.anyOf ?? []).map((o) => o.const);
      content[key] = opts.slice(0, Math.max(prop.minItems ?? 1, 1));
    } else if (prop.enum) content[key] = prop.enum[0];
    else if (prop.oneOf) content[key] = prop.oneOf[0].const;
    else if (prop.format === 'email') content[key] = 'e2e@example.com';
    else if (prop.format === 'uri') content[key] = 'https://example.com/e2e';
    else if (prop.format === 'date') content[key] = '2025-01-01';
    else if (prop.format === 'date-time') content[key] = '2025-01-01T00:00:00Z';
    else content[key] = `e2e-${key}`;
  }
  return content;
}
const texts = (result) => (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text);

// ---------------------------------------------------------------------------------------------
// The tests: the same list for every (SDK, transport) pair
// ---------------------------------------------------------------------------------------------
for (const sdk of SDKS) {
  for (const transportKind of ['stdio', 'http']) {
    describe(`${sdk.name} over ${transportKind === 'stdio' ? 'stdio' : 'Streamable HTTP'}`, () => {
      let client;
      let transport;
      let httpServer;
      let stdioLog = '';
      const samplingCalls = [];
      const elicitationCalls = [];
      const logs = [];
      const wire = []; // every JSON-RPC message received, after initialize
      const sent = []; // every JSON-RPC message sent, after initialize
      const SAMPLED = 'e2e sampled reply 7f3a';

      const serverLog = () => (httpServer ? httpServer.log() : stdioLog);
      const withLog = (err) => { err.message += `\n--- server output ---\n${tail(serverLog())}`; return err; };

      before(async () => {
        if (skipReason) return;
        client = sdk.newClient();
        sdk.onSampling(client, async (request) => {
          samplingCalls.push(request.params);
          return { role: 'assistant', content: { type: 'text', text: SAMPLED }, model: 'e2e-model', stopReason: 'endTurn' };
        });
        sdk.onElicitation(client, async (request) => {
          elicitationCalls.push(request.params);
          return { action: 'accept', content: answerFor(request.params.requestedSchema) };
        });
        sdk.onLog(client, (notification) => { logs.push({ at: Date.now(), params: notification.params }); });

        if (transportKind === 'stdio') {
          transport = sdk.stdio({ command: program, args: [...serverArgs, '--transport', 'stdio'], stderr: 'pipe', cwd: process.cwd() });
          transport.stderr?.on('data', (d) => { stdioLog = tail(stdioLog + d, 8000); });
        } else {
          httpServer = await startHttpServer();
          transport = sdk.http(httpServer.url);
        }
        try {
          await client.connect(transport, { timeout: 10_000 });
        } catch (err) {
          throw withLog(err);
        }
        // Tap the wire below the SDK: what the client sent and received, in order.
        const onmessage = transport.onmessage;
        transport.onmessage = (message, extra) => { wire.push(message); onmessage?.call(transport, message, extra); };
        const send = transport.send.bind(transport);
        transport.send = (message, options) => { sent.push(message); return send(message, options); };
      }, { timeout: 40_000 });

      after(async () => {
        await client?.close().catch(() => {});
        await stopHttpServer(httpServer);
      });

      it('initialize: server info and capabilities', T, () => {
        const info = client.getServerVersion();
        assert.ok(info?.name, 'serverInfo.name');
        assert.ok(info?.version, 'serverInfo.version');
        const caps = client.getServerCapabilities();
        for (const cap of ['tools', 'resources', 'prompts', 'logging']) assert.ok(caps?.[cap], `capability ${cap}`);
      });

      it('ping', T, async () => {
        assert.deepEqual(await client.ping(), {});
      });

      it('tools/list', T, async () => {
        const { tools } = await client.listTools();
        const names = tools.map((t) => t.name);
        for (const n of ['test_simple_text', 'add', 'echo', 'slow', 'test_sampling', 'test_elicitation']) {
          assert.ok(names.includes(n), `tools/list lacks ${n}: ${names.join(', ')}`);
        }
        for (const t of tools) {
          assert.equal(typeof t.description, 'string', `${t.name} has no description`);
          assert.ok(t.description.length > 0, `${t.name} has an empty description`);
          assert.equal(t.inputSchema?.type, 'object', `${t.name}: inputSchema.type`);
        }
        // Properties come in the order the schema was written, not sorted.
        const schema2020 = tools.find((t) => t.name === 'json_schema_2020_12_tool');
        assert.deepEqual(Object.keys(schema2020?.inputSchema?.properties ?? {}), ['name', 'address']);
      });

      it('tools/call add {a:2,b:3}: structuredContent {sum:5} and a text block', T, async () => {
        const result = await sdk.callTool(client, { name: 'add', arguments: { a: 2, b: 3 } });
        assert.ok(!result.isError, `isError: ${JSON.stringify(result)}`);
        assert.deepEqual(result.structuredContent, { sum: 5 });
        const t = texts(result);
        assert.ok(t.length > 0, `no text block: ${JSON.stringify(result.content)}`);
        assert.match(t.join('\n'), /5/);
      });

      it('tools/call echo', T, async () => {
        const message = 'hello from e2e: ünïcode ✓ "quotes" \\ back\nslash';
        const result = await sdk.callTool(client, { name: 'echo', arguments: { text: message } });
        assert.ok(!result.isError, `isError: ${JSON.stringify(result)}`);
        assert.ok(texts(result).some((t) => t.includes(message)), `echo returned ${JSON.stringify(result.content)}`);
      });

      it('tools/call test_simple_text', T, async () => {
        const result = await sdk.callTool(client, { name: 'test_simple_text', arguments: {} });
        assert.ok(!result.isError);
        assert.equal(texts(result)[0], 'This is a simple text response for testing.');
      });

      it('resources/list and resources/read test://static-text', T, async () => {
        const { resources } = await client.listResources();
        const uris = resources.map((r) => r.uri);
        assert.ok(uris.includes('test://static-text'), `resources/list: ${uris.join(', ')}`);
        const { contents } = await client.readResource({ uri: 'test://static-text' });
        assert.equal(contents.length, 1);
        assert.equal(contents[0].uri, 'test://static-text');
        assert.equal(contents[0].mimeType, 'text/plain');
        assert.equal(contents[0].text, 'This is the content of the static text resource.');
      });

      it('resources/read template test://template/42/data', T, async () => {
        const { contents } = await client.readResource({ uri: 'test://template/42/data' });
        assert.ok(contents.length >= 1);
        assert.equal(contents[0].uri, 'test://template/42/data');
        assert.equal(typeof contents[0].text, 'string');
        assert.ok(contents[0].text.includes('42'), `template text: ${contents[0].text}`);
      });

      it('prompts/list and prompts/get test_prompt_with_arguments', T, async () => {
        const { prompts } = await client.listPrompts();
        const p = prompts.find((x) => x.name === 'test_prompt_with_arguments');
        assert.ok(p, `prompts/list: ${prompts.map((x) => x.name).join(', ')}`);
        assert.ok(p.description, 'prompt description');
        const argNames = (p.arguments ?? []).map((a) => a.name).sort();
        assert.deepEqual(argNames, ['arg1', 'arg2']);
        const got = await client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'alpha-1', arg2: 'beta-2' } });
        assert.ok(got.messages.length > 0);
        const json = JSON.stringify(got.messages);
        assert.ok(json.includes('alpha-1') && json.includes('beta-2'), `messages: ${json}`);
      });

      it('sampling: test_sampling round-trips through the client handler', T, async () => {
        samplingCalls.length = 0;
        const result = await sdk.callTool(client, { name: 'test_sampling', arguments: { prompt: 'hi' } });
        assert.equal(samplingCalls.length, 1, 'the sampling handler ran once');
        const req = samplingCalls[0];
        assert.ok(Number.isInteger(req.maxTokens), `maxTokens: ${req.maxTokens}`);
        assert.equal(req.messages?.[0]?.content?.text, 'hi');
        assert.ok(!result.isError, `isError: ${JSON.stringify(result)}`);
        assert.ok(texts(result).some((t) => t.includes(SAMPLED)), `tool result lacks the handler's text: ${JSON.stringify(result.content)}`);
      });

      it('elicitation: test_elicitation with an accepting handler', T, async () => {
        elicitationCalls.length = 0;
        const message = 'Please provide your information';
        const result = await sdk.callTool(client, { name: 'test_elicitation', arguments: { message } });
        assert.equal(elicitationCalls.length, 1, 'the elicitation handler ran once');
        assert.equal(elicitationCalls[0].message, message);
        assert.equal(elicitationCalls[0].requestedSchema?.type, 'object');
        assert.ok(!result.isError, `isError: ${JSON.stringify(result)}`);
        assert.ok(texts(result).some((t) => t.length > 0), `no text: ${JSON.stringify(result.content)}`);
      });

      it('progress: test_tool_with_progress sends >= 3 notifications before its result', T, async () => {
        const seen = [];
        const result = await sdk.callTool(client, { name: 'test_tool_with_progress', arguments: {} }, {
          onprogress: (p) => seen.push(p) });
        assert.ok(!result.isError);
        // On the wire: the notifications carry the client's token unchanged and precede the response.
        const request = sent.findLast((m) => m.method === 'tools/call' && m.params?.name === 'test_tool_with_progress');
        const token = request?.params?._meta?.progressToken;
        assert.notEqual(token, undefined, 'the SDK sent a progressToken');
        const responseAt = wire.findIndex((m) => m.id === request.id && ('result' in m || 'error' in m));
        assert.ok(responseAt >= 0, 'the response was seen on the wire');
        const progress = wire.slice(0, responseAt).filter((m) => m.method === 'notifications/progress' && m.params?.progressToken === token);
        assert.ok(progress.length >= 3,
          `${progress.length} notifications/progress with token ${JSON.stringify(token)} preceded the response: ` +
          JSON.stringify(wire.filter((m) => m.method === 'notifications/progress').map((m) => m.params)));
        for (let i = 1; i < progress.length; i++) {
          assert.ok(progress[i].params.progress >= progress[i - 1].params.progress, 'progress is non-decreasing');
        }
        // Through the SDK's onprogress. Both SDK lines dispatch notifications a microtask later
        // but settle the response at once, so a last notification that arrives in the same read as
        // the response (stdio: the same pipe chunk) is dropped by the client. Hence >= 2 here; the
        // strict count is the wire check above.
        assert.ok(seen.length >= 2, `onprogress ran ${seen.length} times: ${JSON.stringify(seen)}`);
      });

      it('cancellation: an aborted slow call rejects quickly; the session still works', T, async () => {
        const controller = new AbortController();
        const t0 = Date.now();
        setTimeout(() => controller.abort(new Error('e2e abort')), 100);
        await assert.rejects(sdk.callTool(client, { name: 'slow', arguments: { ms: 10_000 } }, { signal: controller.signal }));
        const elapsed = Date.now() - t0;
        assert.ok(elapsed < 3000, `the call took ${elapsed} ms to reject`);
        assert.deepEqual(await client.ping(), {});
        const echo = await sdk.callTool(client, { name: 'echo', arguments: { text: 'after cancel' } });
        assert.ok(texts(echo).some((t) => t.includes('after cancel')));
      });

      it('logging: setLevel debug, then test_tool_with_logging sends >= 3 log messages', T, async () => {
        assert.deepEqual(await client.setLoggingLevel('debug'), {});
        const t0 = Date.now();
        const result = await sdk.callTool(client, { name: 'test_tool_with_logging', arguments: {} });
        assert.ok(!result.isError);
        await new Promise((r) => setTimeout(r, 200)); // what the conformance suite allows, too
        const during = logs.filter((l) => l.at >= t0);
        assert.ok(during.length >= 3, `got ${during.length} notifications/message: ${JSON.stringify(during.map((l) => l.params))}`);
        for (const l of during) assert.ok(typeof l.params.level === 'string' && 'data' in l.params, JSON.stringify(l.params));
      });

      if (transportKind === 'http') {
        it('session: has an Mcp-Session-Id; DELETE ends it (2xx or 405)', T, async () => {
          assert.ok(transport.sessionId, 'no Mcp-Session-Id was issued');
          await transport.terminateSession();
        });
      }
    });
  }
}
