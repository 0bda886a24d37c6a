// Shared helpers of the hostile suite (tests/hostile/*.test.mjs): start real server processes
// (HTTP on a free port, or stdio), speak MCP to them with fetch or a raw TCP socket, read their
// resident memory, and prove after each attack that they still serve correct answers.
// Only Node built-ins are used.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';

export const VERSION = '2025-11-25';
export const ACCEPT = 'application/json, text/event-stream';
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const tail = (s, n = 1500) => (s.length > n ? '…' + s.slice(-n) : s);

// The server under test: MCPC_SERVER (a binary path), default the everything server of the dev build.
export const serverProgram = process.env.MCPC_SERVER || new URL('../../build/bin/mcpc-everything-server', import.meta.url).pathname;

const children = new Set();
export const isRunning = (child) => child.exitCode === null && child.signalCode === null;
export function exitOf(child) {
  return new Promise((res) => {
    if (!isRunning(child)) return res({ code: child.exitCode, signal: child.signalCode });
    child.once('exit', (code, signal) => res({ code, signal }));
  });
}
export async function killChild(child) {
  if (!isRunning(child)) return;
  const exited = exitOf(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
}
export async function killAll() { await Promise.all([...children].map(killChild)); }

/// Resident set size of a process in KiB (VmRSS), from /proc.
export function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}
/// Fails unless the process's RSS is at most `limitMiB`.
export function assertRssBelow(child, limitMiB, what) {
  const kib = rssKiB(child.pid);
  assert.ok(kib <= limitMiB * 1024, `${what}: RSS ${(kib / 1024).toFixed(1)} MiB exceeds ${limitMiB} MiB`);
  return kib;
}

/// Starts `program args… --transport http --host 127.0.0.1 --port 0`; resolves once it listens.
export async function startHttp(extraArgs = [], { program = serverProgram, env } = {}) {
  const child = spawn(program, [...extraArgs, '--transport', 'http', '--host', '127.0.0.1', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'], env: env ? { ...process.env, ...env } : process.env });
  children.add(child);
  let log = '';
  child.stdout.on('data', (d) => { log = tail(log + d, 8000); });
  const port = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not print its listening line in 10 s:\n${tail(log)}`)), 10_000);
    child.stderr.on('data', (d) => {
      log = tail(log + d, 8000);
      const m = /listening on http:\/\/[^\s:]+:(\d+)\//.exec(log);
      if (m) { clearTimeout(timer); res(Number(m[1])); }
    });
    child.once('exit', (code, signal) => { clearTimeout(timer); rej(new Error(`server exited (${code ?? signal}) before listening:\n${tail(log)}`)); });
  });
  return { child, port, url: `http://127.0.0.1:${port}/mcp`, log: () => log };
}
export const describeServer = (srv) =>
  `server ${isRunning(srv.child) ? 'running' : `EXITED (code ${srv.child.exitCode}, signal ${srv.child.signalCode})`}; log:\n${tail(srv.log())}`;

export const rpc = (id, method, params) => JSON.stringify({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });
export const note = (method, params) => JSON.stringify({ jsonrpc: '2.0', method, ...(params ? { params } : {}) });
export const initBody = (version = VERSION, id = 0) =>
  rpc(id, 'initialize', { protocolVersion: version, capabilities: {}, clientInfo: { name: 'mcpc-hostile', version: '1.0.0' } });

/// JSON-RPC messages in a response body: one JSON object, or the data of SSE events.
export function messagesOf(contentType, text) {
  if ((contentType || '').includes('text/event-stream')) {
    const out = [];
    for (const block of text.split(/\r?\n\r?\n/)) {
      const data = block.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, '')).join('\n');
      if (data.trim()) out.push(JSON.parse(data));
    }
    return out;
  }
  if (!text) return [];
  try { return [JSON.parse(text)]; } catch { return []; }
}

export async function request(srv, method, { body, headers = {}, timeout = 10_000 } = {}) {
  let res;
  try {
    res = await fetch(srv.url, { method, headers, body, signal: AbortSignal.timeout(timeout) });
  } catch (e) {
    await sleep(100);  // let a crashed server's exit be noticed
    throw new Error(`${method} ${srv.url} failed: ${e.message} (${e.cause?.code ?? e.cause?.message ?? ''}); ${describeServer(srv)}`);
  }
  const text = await res.text();
  const contentType = res.headers.get('content-type') || '';
  return { status: res.status, headers: res.headers, text, contentType, messages: messagesOf(contentType, text) };
}
export const post = (srv, body, headers = {}, opts = {}) =>
  request(srv, 'POST', { body, headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers }, ...opts });
export const sessionHeaders = (sid, version = VERSION) => ({ 'mcp-session-id': sid, 'mcp-protocol-version': version });

export async function openSession(srv, { version = VERSION, headers = {} } = {}) {
  const r = await post(srv, initBody(version), { 'mcp-protocol-version': version, ...headers });
  assert.equal(r.status, 200, `initialize: ${r.status} ${r.text}`);
  const sid = r.headers.get('mcp-session-id');
  assert.ok(sid, 'initialize returned no Mcp-Session-Id');
  assert.equal(r.messages[0]?.result?.protocolVersion, version, `initialize result: ${r.text}`);
  const n = await post(srv, note('notifications/initialized'), { ...sessionHeaders(sid, version), ...headers });
  assert.equal(n.status, 202, `notifications/initialized: ${n.status} ${n.text}`);
  return sid;
}

/// The proof after every attack on the everything server: alive, and a fresh session can
/// initialize and call add(2, 3) = 5.
export async function assertServesHttp(srv, { headers = {} } = {}) {
  assert.ok(isRunning(srv.child), describeServer(srv));
  const sid = await openSession(srv, { headers });
  const r = await post(srv, rpc('add', 'tools/call', { name: 'add', arguments: { a: 2, b: 3 } }), { ...sessionHeaders(sid), ...headers });
  assert.equal(r.status, 200, `tools/call add: ${r.status} ${r.text}`);
  assert.deepEqual(r.messages.find((x) => x.id === 'add')?.result?.structuredContent, { sum: 5 }, `tools/call add: ${r.text}`);
  await request(srv, 'DELETE', { headers: { 'mcp-session-id': sid, ...headers } });
  assert.ok(isRunning(srv.child), describeServer(srv));
}

/// One raw HTTP exchange on its own TCP connection (`chunks` are strings or Buffers written as
/// given). Resolves with { status, headers, body, raw }, or { closed: true }, or { timedOut: true }.
export function raw(port, chunks, { timeout = 5000 } = {}) {
  return new Promise((res) => {
    const sock = tcpConnect({ host: '127.0.0.1', port });
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (extra) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const text = buf.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const out = { raw: text, ...extra };
      if (end >= 0) {
        const lines = text.slice(0, end).split('\r\n');
        out.status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0])?.[1]);
        out.headers = Object.fromEntries(lines.slice(1).map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        out.body = text.slice(end + 4);
      }
      res(out);
    };
    const complete = () => {
      const text = buf.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return false;
      const m = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, end + 2));
      if (m) return buf.length >= end + 4 + Number(m[1]);
      if (/\r\ntransfer-encoding:\s*chunked/i.test(text.slice(0, end + 2))) return text.includes('\r\n0\r\n\r\n', end) || text.endsWith('0\r\n\r\n');
      return false;
    };
    const timer = setTimeout(() => finish({ timedOut: true }), timeout);
    sock.on('connect', () => { for (const c of chunks) sock.write(c); });
    sock.on('data', (d) => { buf = Buffer.concat([buf, d]); if (complete()) finish({ complete: true }); });
    sock.on('error', (e) => finish({ closed: true, error: e.code }));
    sock.on('close', () => finish({ closed: true }));
  });
}

/// A stdio server: send(line) writes one line; next() resolves with the next stdout line parsed.
export function startStdio(extraArgs = [], { program = serverProgram, env } = {}) {
  const child = spawn(program, [...extraArgs, '--transport', 'stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'], env: env ? { ...process.env, ...env } : process.env });
  children.add(child);
  let out = '';
  let log = '';
  const lines = [];
  const waiters = [];
  child.stdout.on('data', (d) => {
    out += d;
    let nl;
    while ((nl = out.indexOf('\n')) >= 0) {
      lines.push(out.slice(0, nl));
      out = out.slice(nl + 1);
    }
    while (waiters.length && lines.length) waiters.shift()(lines.shift());
  });
  child.stderr.on('data', (d) => { log = tail(log + d, 4000); });
  child.stdin.on('error', () => {});
  return {
    child,
    log: () => log,
    send: (line) => child.stdin.write(typeof line === 'string' ? line + '\n' : Buffer.concat([line, Buffer.from('\n')])),
    next: (timeout = 5000) => {
      if (lines.length) return Promise.resolve(JSON.parse(lines.shift()));
      return new Promise((res, rej) => {
        const w = (line) => { clearTimeout(timer); res(JSON.parse(line)); };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          rej(new Error(`no stdout line within ${timeout} ms; server ${isRunning(child) ? 'running' : `exited ${child.exitCode ?? child.signalCode}`}; stderr: ${tail(log, 500)}`));
        }, timeout);
        waiters.push(w);
      });
    },
    pending: () => lines.length };
}
export async function stdioInit(io) {
  io.send(initBody());
  const r = await io.next();
  assert.equal(r.result?.protocolVersion, VERSION, `initialize: ${JSON.stringify(r)}`);
  io.send(note('notifications/initialized'));
}
/// The proof after an attack over stdio: a ping and add(2, 3) = 5 are answered.
export async function assertServesStdio(io, id = 'after') {
  assert.ok(isRunning(io.child), `server exited: ${io.child.exitCode ?? io.child.signalCode}; stderr: ${tail(io.log(), 500)}`);
  io.send(rpc(`${id}-ping`, 'ping'));
  io.send(rpc(`${id}-add`, 'tools/call', { name: 'add', arguments: { a: 2, b: 3 } }));
  const got = new Map();
  while (!got.has(`${id}-ping`) || !got.has(`${id}-add`)) {
    const m = await io.next(10_000);
    if (m.id !== undefined) got.set(m.id, m);
  }
  assert.deepEqual(got.get(`${id}-ping`).result, {});
  assert.deepEqual(got.get(`${id}-add`).result?.structuredContent, { sum: 5 });
}
