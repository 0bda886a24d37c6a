#!/usr/bin/env node
// Reference MCP server on the official TypeScript SDK (@modelcontextprotocol/sdk 1.x), the
// comparison point for bench/load/mcpc-load. Two tools, the same as the mcpc everything server:
//   add(a: number, b: number) -> content [{type:"text", text:"<a+b>"}], structuredContent {sum}
//   echo(text: string)        -> content [{type:"text", text}]
//
//   node server.mjs --transport stdio
//   node server.mjs --transport http [--host 127.0.0.1] --port 8123 [--sse]
//
// HTTP: StreamableHTTPServerTransport on POST/GET/DELETE /mcp, JSON-response mode
// (enableJsonResponse: true; --sse turns it off, to test SSE clients), STATEFUL: an initialize
// POST without Mcp-Session-Id creates a new session (one McpServer + one transport, the SDK's
// documented pattern) and the response carries Mcp-Session-Id; later requests are routed by that
// header. Sessions are never expired (the load client opens one per connection). Plain node:http.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

function parseArgs(argv) {
  const opts = { transport: 'stdio', host: '127.0.0.1', port: 3000, sse: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`missing value after ${a}`);
      return argv[++i];
    };
    if (a === '--transport') opts.transport = next();
    else if (a === '--host') opts.host = next();
    else if (a === '--port') opts.port = Number(next());
    else if (a === '--sse') opts.sse = true; // answer POSTs with SSE streams (tests mcpc-load's SSE path)
    else throw new Error(`unknown argument ${a}`);
  }
  if (opts.transport !== 'stdio' && opts.transport !== 'http') throw new Error('--transport stdio|http');
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error('bad --port');
  return opts;
}

function makeServer() {
  const server = new McpServer({ name: 'mcpc-bench-ts-server', version: '1.0.0' });
  server.registerTool(
    'add',
    {
      description: 'Add two numbers',
      inputSchema: { a: z.number(), b: z.number() },
      outputSchema: { sum: z.number() },
    },
    async ({ a, b }) => {
      const sum = a + b;
      return { content: [{ type: 'text', text: String(sum) }], structuredContent: { sum } };
    },
  );
  server.registerTool(
    'echo',
    { description: 'Echo the text back', inputSchema: { text: z.string() } },
    async ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  return server;
}

async function runStdio() {
  const server = makeServer();
  await server.connect(new StdioServerTransport());
  process.stdin.on('end', () => process.exit(0));
}

function sendError(res, status, code, message) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > 4 * 1024 * 1024) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function runHttp(opts) {
  const transports = new Map(); // session id -> StreamableHTTPServerTransport

  const httpServer = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== '/mcp') return sendError(res, 404, -32000, 'Not found');
      const sid = req.headers['mcp-session-id'];
      let body;
      if (req.method === 'POST') {
        const text = await readBody(req);
        try {
          body = JSON.parse(text);
        } catch {
          return sendError(res, 400, -32700, 'Parse error');
        }
      }
      if (typeof sid === 'string') {
        const t = transports.get(sid);
        if (!t) return sendError(res, 404, -32001, 'Session not found');
        return await t.handleRequest(req, res, body);
      }
      if (req.method === 'POST' && isInitializeRequest(body)) {
        const transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          enableJsonResponse: !opts.sse,
          onsessioninitialized: (id) => transports.set(id, transport),
        });
        transport.onclose = () => {
          if (transport.sessionId) transports.delete(transport.sessionId);
        };
        await makeServer().connect(transport);
        return await transport.handleRequest(req, res, body);
      }
      return sendError(res, 400, -32000, 'Bad Request: no valid session id');
    } catch (err) {
      if (!res.headersSent) sendError(res, 500, -32603, 'Internal error');
      process.stderr.write(`ts-server: ${err?.stack ?? err}\n`);
    }
  });
  httpServer.keepAliveTimeout = 60_000;
  httpServer.listen(opts.port, opts.host, () => {
    process.stderr.write(`ts-server: listening on http://${opts.host}:${opts.port}/mcp\n`);
  });
  const shutdown = () => {
    for (const t of transports.values()) t.close().catch(() => {});
    httpServer.close();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`ts-server: ${e.message}\nusage: server.mjs --transport stdio|http [--host H] [--port P] [--sse]\n`);
  process.exit(2);
}
if (opts.transport === 'stdio') await runStdio();
else await runHttp(opts);
