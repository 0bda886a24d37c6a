#!/usr/bin/env node
// A small MCP "everything" server written on the official TypeScript SDK (1.x). It exposes the
// conformance fixtures (docs: /work/shared/reference/mcp-protocol.md section 3.5) plus the
// tools add, echo and slow, with the same command line as build/bin/mcpc-everything-server:
//
//   node reference-server.mjs [--transport stdio|http] [--host 127.0.0.1] [--port 3000]
//
// It exists to check the e2e harness (run-conformance.sh, sdk-client.test.mjs) before, and
// independently of, the C++ server. Over HTTP the endpoint is /mcp, plus GET /health.
// Logs go to stderr only: stdout carries the stdio transport.
import { randomUUID } from 'node:crypto';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import {
  CompleteRequestSchema,
  ElicitResultSchema,
  CreateMessageResultSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------
function parseArgs(argv) {
  const opts = { transport: 'stdio', host: '127.0.0.1', port: 3000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? a.split(/=(.*)/s, 2) : [a, undefined];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--transport': opts.transport = value(); break;
      case '--host': opts.host = value(); break;
      case '--port': opts.port = Number(value()); break;
      case '-h': case '--help':
        process.stderr.write('usage: reference-server.mjs [--transport stdio|http] [--host H] [--port P]\n');
        process.exit(0);
      default:
        process.stderr.write(`reference-server: unknown argument ${a}\n`);
        process.exit(2);
    }
  }
  if (!['stdio', 'http'].includes(opts.transport)) {
    process.stderr.write(`reference-server: --transport must be stdio or http\n`);
    process.exit(2);
  }
  return opts;
}
const opts = parseArgs(process.argv.slice(2));
const log = (...a) => process.stderr.write(`[reference-server] ${a.join(' ')}\n`);

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
// A 44-byte RIFF/WAVE header with 2 bytes of (silent) 16-bit mono PCM data.
const WAV_TINY = 'UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQIAAAAAAA==';
const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('cancelled'));
    const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(t); reject(signal.reason ?? new Error('cancelled')); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
const text = (t) => ({ type: 'text', text: t });

// Builds one MCP server (one per HTTP session, one for stdio).
function createServer() {
  const server = new McpServer(
    { name: 'mcpc-e2e-reference-server', version: '1.0.0' },
    {
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: true },
        logging: {},
        completions: {},
      },
    },
  );
  const raw = server.server;

  // ---- tools without arguments ----
  server.registerTool('test_simple_text', { description: 'Returns a simple text block' }, async () => ({
    content: [text('This is a simple text response for testing.')],
  }));
  server.registerTool('test_image_content', { description: 'Returns an image block (1x1 PNG)' }, async () => ({
    content: [{ type: 'image', data: PNG_1X1, mimeType: 'image/png' }],
  }));
  server.registerTool('test_audio_content', { description: 'Returns an audio block (tiny WAV)' }, async () => ({
    content: [{ type: 'audio', data: WAV_TINY, mimeType: 'audio/wav' }],
  }));
  server.registerTool('test_embedded_resource', { description: 'Returns an embedded text resource' }, async () => ({
    content: [{
      type: 'resource',
      resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' },
    }],
  }));
  server.registerTool('test_multiple_content_types', { description: 'Returns text, image and resource blocks' }, async () => ({
    content: [
      text('Multiple content types test:'),
      { type: 'image', data: PNG_1X1, mimeType: 'image/png' },
      {
        type: 'resource',
        resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: JSON.stringify({ test: 'data', value: 123 }) },
      },
    ],
  }));
  server.registerTool('test_tool_with_logging', { description: 'Sends three log notifications while it runs', inputSchema: {} },
    async (_args, extra) => {
      for (const msg of ['Tool execution started', 'Tool processing data', 'Tool execution completed']) {
        await extra.sendNotification({ method: 'notifications/message', params: { level: 'info', logger: 'reference', data: msg } });
        if (msg !== 'Tool execution completed') await sleep(50);
      }
      return { content: [text('Tool with logging executed successfully')] };
    });
  server.registerTool('test_tool_with_progress', { description: 'Sends three progress notifications while it runs', inputSchema: {} },
    async (_args, extra) => {
      const token = extra._meta?.progressToken;
      for (const p of [0, 50, 100]) {
        if (token !== undefined) {
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken: token, progress: p, total: 100, message: `Completed step ${p} of 100` },
          });
        }
        if (p !== 100) await sleep(50);
      }
      return { content: [text(`Progress complete (token ${String(token)})`)] };
    });
  server.registerTool('test_error_handling', { description: 'Always returns a tool error (isError: true)' }, async () => ({
    isError: true,
    content: [text('This tool intentionally returns an error for testing')],
  }));
  server.registerTool('test_reconnection', {
    description: 'Closes its SSE stream mid-call; the result arrives after the client resumes (SEP-1699)',
    inputSchema: {},
  }, async (_args, extra) => {
    extra.closeSSEStream?.();
    await sleep(100);
    return { content: [text('Reconnection test completed successfully.')] };
  });

  // ---- tools with arguments ----
  server.registerTool('test_sampling', {
    description: 'Asks the client to sample an LLM completion for the prompt',
    inputSchema: { prompt: z.string().describe('The prompt to send to the LLM') },
  }, async ({ prompt }, extra) => {
    const result = await extra.sendRequest({
      method: 'sampling/createMessage',
      params: { messages: [{ role: 'user', content: { type: 'text', text: prompt } }], maxTokens: 100 },
    }, CreateMessageResultSchema);
    const reply = result.content?.type === 'text' ? result.content.text : JSON.stringify(result.content);
    return { content: [text(`LLM response: ${reply}`)] };
  });
  server.registerTool('test_elicitation', {
    description: 'Asks the client for user input (form elicitation)',
    inputSchema: { message: z.string().describe('The message to show the user') },
  }, async ({ message }, extra) => {
    const result = await extra.sendRequest({
      method: 'elicitation/create',
      params: {
        mode: 'form',
        message,
        requestedSchema: {
          type: 'object',
          properties: {
            username: { type: 'string', description: 'User name' },
            email: { type: 'string', description: 'Email address', format: 'email' },
          },
          required: ['username', 'email'],
        },
      },
    }, ElicitResultSchema);
    return { content: [text(`User response: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`)] };
  });
  server.registerTool('test_elicitation_sep1034_defaults', { description: 'Elicitation whose fields carry defaults (SEP-1034)', inputSchema: {} },
    async (_args, extra) => {
      const result = await extra.sendRequest({
        method: 'elicitation/create',
        params: {
          mode: 'form',
          message: 'Please review the fields (they have defaults)',
          requestedSchema: {
            type: 'object',
            properties: {
              name: { type: 'string', description: 'Name', default: 'John Doe' },
              age: { type: 'integer', description: 'Age', default: 30 },
              score: { type: 'number', description: 'Score', default: 95.5 },
              status: { type: 'string', description: 'Status', enum: ['active', 'inactive', 'pending'], default: 'active' },
              verified: { type: 'boolean', description: 'Verified', default: true },
            },
            required: [],
          },
        },
      }, ElicitResultSchema);
      return { content: [text(`Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`)] };
    });
  server.registerTool('test_elicitation_sep1330_enums', { description: 'Elicitation with the five enum shapes (SEP-1330)', inputSchema: {} },
    async (_args, extra) => {
      const result = await extra.sendRequest({
        method: 'elicitation/create',
        params: {
          mode: 'form',
          message: 'Please choose',
          requestedSchema: {
            type: 'object',
            properties: {
              untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
              titledSingle: {
                type: 'string',
                oneOf: [{ const: 'value1', title: 'First' }, { const: 'value2', title: 'Second' }, { const: 'value3', title: 'Third' }],
              },
              legacyEnum: { type: 'string', enum: ['opt1', 'opt2', 'opt3'], enumNames: ['Option 1', 'Option 2', 'Option 3'] },
              untitledMulti: { type: 'array', items: { type: 'string', enum: ['option1', 'option2', 'option3'] } },
              titledMulti: {
                type: 'array',
                items: { anyOf: [{ const: 'value1', title: 'First' }, { const: 'value2', title: 'Second' }, { const: 'value3', title: 'Third' }] },
              },
            },
            required: [],
          },
        },
      }, ElicitResultSchema);
      return { content: [text(`Elicitation completed: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`)] };
    });
  server.registerTool('json_schema_2020_12_tool', {
    description: 'Tool whose input schema uses JSON Schema 2020-12 features (SEP-1613)',
    inputSchema: { name: z.string().optional(), address: z.object({ street: z.string().optional(), city: z.string().optional() }).optional() },
  }, async (args) => ({ content: [text(`called with ${JSON.stringify(args)}`)] }));

  // ---- the mcpc extras ----
  server.registerTool('add', {
    description: 'Adds two numbers',
    inputSchema: { a: z.number().describe('First addend'), b: z.number().describe('Second addend') },
    outputSchema: { sum: z.number() },
  }, async ({ a, b }) => ({ content: [text(String(a + b))], structuredContent: { sum: a + b } }));
  server.registerTool('echo', {
    description: 'Echoes its text back',
    inputSchema: { text: z.string().describe('Text to echo') },
  }, async (args) => ({ content: [text(args.text)] }));
  server.registerTool('slow', {
    description: 'Sleeps for ms milliseconds; honours notifications/cancelled',
    inputSchema: { ms: z.number().int().min(0).describe('How long to sleep, in milliseconds') },
  }, async ({ ms }, extra) => {
    await sleep(ms, extra.signal);
    return { content: [text(`slept ${ms} ms`)] };
  });

  // tools/list: the SDK converts the zod shapes; json_schema_2020_12_tool must keep its raw 2020-12
  // schema ($schema, $defs, additionalProperties), so patch that one entry of the SDK's answer.
  const listTools = raw._requestHandlers.get('tools/list');
  raw._requestHandlers.set('tools/list', async (request, extra) => {
    const result = await listTools(request, extra);
    for (const tool of result.tools) {
      if (tool.name === 'json_schema_2020_12_tool') {
        tool.inputSchema = {
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          type: 'object',
          $defs: { address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } } },
          properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
          additionalProperties: false,
        };
      }
    }
    return result;
  });

  // ---- resources ----
  server.registerResource('static-text', 'test://static-text',
    { description: 'A static text resource', mimeType: 'text/plain' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'This is the content of the static text resource.' }] }));
  server.registerResource('static-binary', 'test://static-binary',
    { description: 'A static binary resource (PNG)', mimeType: 'image/png' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'image/png', blob: PNG_1X1 }] }));
  server.registerResource('watched-resource', 'test://watched-resource',
    { description: 'A resource clients may subscribe to', mimeType: 'text/plain' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'Watched resource content' }] }));
  server.registerResource('template', new ResourceTemplate('test://template/{id}/data', { list: undefined }),
    { description: 'A templated resource', mimeType: 'application/json' },
    async (uri, { id }) => ({
      contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }) }],
    }));
  const subscriptions = new Set();
  raw.setRequestHandler(SubscribeRequestSchema, async (req) => { subscriptions.add(req.params.uri); return {}; });
  raw.setRequestHandler(UnsubscribeRequestSchema, async (req) => { subscriptions.delete(req.params.uri); return {}; });

  // ---- prompts ----
  server.registerPrompt('test_simple_prompt', { description: 'A prompt without arguments' }, async () => ({
    messages: [{ role: 'user', content: text('This is a simple prompt for testing.') }],
  }));
  server.registerPrompt('test_prompt_with_arguments', {
    description: 'A prompt with two required arguments',
    argsSchema: { arg1: z.string().describe('First argument'), arg2: z.string().describe('Second argument') },
  }, async ({ arg1, arg2 }) => ({
    messages: [{ role: 'user', content: text(`Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`) }],
  }));
  server.registerPrompt('test_prompt_with_embedded_resource', {
    description: 'A prompt that embeds a resource',
    argsSchema: { resourceUri: z.string().describe('URI of the resource to embed') },
  }, async ({ resourceUri }) => ({
    messages: [
      { role: 'user', content: { type: 'resource', resource: { uri: resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' } } },
      { role: 'user', content: text('Please process the embedded resource above.') },
    ],
  }));
  server.registerPrompt('test_prompt_with_image', { description: 'A prompt that includes an image' }, async () => ({
    messages: [
      { role: 'user', content: { type: 'image', data: PNG_1X1, mimeType: 'image/png' } },
      { role: 'user', content: text('Please analyze the image above.') },
    ],
  }));

  // ---- logging and completion ----
  // logging/setLevel: the SDK's own handler (declared by the logging capability) answers {}.
  raw.setRequestHandler(CompleteRequestSchema, async () => ({ completion: { values: [], total: 0, hasMore: false } }));

  return server;
}

// ---------------------------------------------------------------------------------------------
// Transports
// ---------------------------------------------------------------------------------------------
if (opts.transport === 'stdio') {
  const server = createServer();
  await server.connect(new StdioServerTransport());
  process.stdin.on('end', () => process.exit(0));
} else {
  // A per-session event store so the SSE polling scenario can resume streams.
  const makeEventStore = () => {
    const events = []; // [eventId, streamId, message]
    return {
      async storeEvent(streamId, message) {
        const id = `${streamId}_${events.length}`;
        events.push([id, streamId, message]);
        return id;
      },
      async replayEventsAfter(lastEventId, { send }) {
        const at = events.findIndex(([id]) => id === lastEventId);
        if (at < 0) return '';
        const streamId = events[at][1];
        for (const [id, sid, message] of events.slice(at + 1)) {
          if (sid === streamId && Object.keys(message).length > 0) await send(id, message);
        }
        return streamId;
      },
    };
  };

  const sessions = new Map(); // session id -> transport
  const app = createMcpExpressApp({ host: opts.host }); // Host-header allowlist for loopback hosts
  const jsonError = (res, status, code, message) =>
    res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });

  app.get('/health', (_req, res) => res.json({ status: 'ok' }));
  app.post('/mcp', async (req, res) => {
    const sid = req.headers['mcp-session-id'];
    try {
      if (sid) {
        const transport = sessions.get(sid);
        if (!transport) return jsonError(res, 404, -32001, 'Session not found');
        return await transport.handleRequest(req, res, req.body);
      }
      if (req.body?.method !== 'initialize') return jsonError(res, 400, -32000, 'Bad Request: missing Mcp-Session-Id');
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        eventStore: makeEventStore(),
        retryInterval: 1000,
        onsessioninitialized: (id) => sessions.set(id, transport),
      });
      transport.onclose = () => { if (transport.sessionId) sessions.delete(transport.sessionId); };
      await createServer().connect(transport);
      await transport.handleRequest(req, res, req.body);
    } catch (err) {
      log('error:', err?.stack ?? err);
      if (!res.headersSent) jsonError(res, 500, -32603, 'Internal error');
    }
  });
  const byId = async (req, res) => {
    const sid = req.headers['mcp-session-id'];
    if (!sid) return jsonError(res, 400, -32000, 'Bad Request: missing Mcp-Session-Id');
    const transport = sessions.get(sid);
    if (!transport) return jsonError(res, 404, -32001, 'Session not found');
    await transport.handleRequest(req, res);
  };
  app.get('/mcp', byId);
  app.delete('/mcp', byId);

  const httpServer = app.listen(opts.port, opts.host, () => {
    log(`listening on http://${opts.host}:${httpServer.address().port}/mcp`);
  });
  httpServer.on('error', (err) => { log('listen failed:', err.message); process.exit(1); });
  const stop = () => {
    for (const t of sessions.values()) t.close().catch(() => {});
    httpServer.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 500).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
