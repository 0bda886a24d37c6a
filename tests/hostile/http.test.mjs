// Attacks on the native Streamable HTTP transport (issue 11, items 1, 4, 6, 10, 15, 17, 19, 21):
// raw bytes in headers, guessable ids, cross-site session floods, header and auth edge cases,
// descriptor exhaustion and dropped SSE streams. Each runs against a real everything server and
// ends by proving that it still serves (assertServesHttp).
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import {
  ACCEPT, VERSION, assertRssBelow, assertServesHttp, describeServer, initBody, killAll, killChild, note, openSession,
  post, raw, request, rpc, serverProgram, sessionHeaders, sleep, startHttp, tail,
} from './lib.mjs';

after(killAll);

const MAX_SESSIONS = 1024;  // ServerOptions::max_sessions default

function rawRequest(port, { method = 'POST', target = '/mcp', version = '1.1', headers = [], body = '' } = {}) {
  // headers: [name, value] pairs; values may be Buffers (raw bytes).
  const parts = [Buffer.from(`${method} ${target} HTTP/${version}\r\n`, 'latin1')];
  for (const [k, v] of headers) parts.push(Buffer.from(`${k}: `), Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'latin1'), Buffer.from('\r\n'));
  const b = Buffer.from(body);
  if (method === 'POST') parts.push(Buffer.from(`Content-Length: ${b.length}\r\n`));
  parts.push(Buffer.from('Connection: close\r\n\r\n'), b);
  return raw(port, [Buffer.concat(parts)]);
}
const jsonHeaders = (port) => [['Host', `127.0.0.1:${port}`], ['Content-Type', 'application/json'], ['Accept', ACCEPT]];

// The error body must be JSON with only printable ASCII in its message.
function assertSanitisedError(r, status, what) {
  assert.equal(r.status, status, `${what}: ${tail(r.raw ?? '', 300)}`);
  let body;
  assert.doesNotThrow(() => { body = JSON.parse(r.body); }, `${what}: body is not JSON: ${tail(r.raw ?? '', 300)}`);
  assert.ok(body.error?.message, `${what}: no error message: ${r.body}`);
  assert.match(body.error.message, /^[\x20-\x7e]*$/, `${what}: unsanitised message ${JSON.stringify(body.error.message)}`);
  return body.error.message;
}

// CPU seconds (user + system) a process has used, from /proc/PID/stat.
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;  // utime, stime in clock ticks (USER_HZ = 100)
}

describe('hostile HTTP: request bytes, ids, sessions, descriptors, streams', () => {
  // 1 ------------------------------------------------------------------------------------------
  it('1. byte 0xFF in Host, Origin, path or MCP-Protocol-Version: a sanitised 4xx, no crash (also behind a bearer token)', async () => {
    for (const extra of [[], ['--bearer-token', 'tok']]) {
      const srv = await startHttp(extra);
      try {
        const p = srv.port;
        const ff = Buffer.from([0x6c, 0xff, 0xfe]);
        const cases = [
          ['Host', { headers: [['Host', ff], ['Content-Type', 'application/json'], ['Accept', ACCEPT]] }, 400],
          ['Origin', { headers: [...jsonHeaders(p), ['Origin', Buffer.concat([Buffer.from('http://'), ff])]] }, 403],
          ['path', { target: '/mcp\xff\xfe', headers: jsonHeaders(p) }, 404],
          ['MCP-Protocol-Version', { headers: [...jsonHeaders(p), ['Authorization', 'Bearer tok'], ['MCP-Protocol-Version', ff]] }, 400],
        ];
        for (const [what, req, status] of cases) {
          const r = await rawRequest(p, { ...req, body: initBody() });
          assert.ok(r.status, `0xFF in ${what}: no response; ${describeServer(srv)}`);
          const message = assertSanitisedError(r, status, `0xFF in ${what}`);
          assert.match(message, /\\xFF/, `0xFF in ${what}: the byte is not shown escaped: ${message}`);
        }
        // A long echo is cut short.
        const long = await rawRequest(p, { target: `/${'a'.repeat(20_000)}`, headers: jsonHeaders(p), body: initBody() });
        assert.ok(assertSanitisedError(long, 404, 'long path').length < 400, 'the echoed path is not truncated');
        await assertServesHttp(srv, { headers: extra.length ? { authorization: 'Bearer tok' } : {} });
      } finally {
        await killChild(srv.child);
      }
    }
  });

  // 4 ------------------------------------------------------------------------------------------
  it('4. session ids are 128-bit random hex; SSE event ids are not derived from them', async () => {
    const srv = await startHttp();
    try {
      const ids = new Set();
      for (let i = 0; i < 200; i++) {
        const r = await post(srv, initBody());
        assert.equal(r.status, 200, `initialize: ${r.status} ${r.text}`);
        const sid = r.headers.get('mcp-session-id');
        assert.match(sid, /^[0-9a-f]{32}$/, `session id ${sid}`);
        ids.add(sid);
      }
      assert.equal(ids.size, 200, 'repeated session ids');
      const sid = await openSession(srv);
      const g = await raw(srv.port, [`GET /mcp HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nAccept: text/event-stream\r\n` +
        `Mcp-Session-Id: ${sid}\r\nMCP-Protocol-Version: ${VERSION}\r\n\r\n`], { timeout: 1000 });
      assert.equal(g.status, 200, `GET stream: ${tail(g.raw, 300)}`);
      const eventId = /\nid: ([^\r\n]+)/.exec(g.raw)?.[1];
      assert.ok(eventId, `no event id in ${tail(g.raw, 300)}`);
      for (let i = 0; i + 8 <= sid.length; i++) {
        assert.ok(!eventId.includes(sid.slice(i, i + 8)), `event id ${eventId} shares ${sid.slice(i, i + 8)} with session id ${sid}`);
      }
      await assertServesHttp(srv);
    } finally {
      await killChild(srv.child);
    }
  });

  // 6 ------------------------------------------------------------------------------------------
  it('6. Origin: null is refused; Content-Type and Accept are parsed as media types', async () => {
    const srv = await startHttp();
    try {
      const p = srv.port;
      const cases = [
        [[...jsonHeaders(p), ['Origin', 'null']], 403, 'Origin: null'],
        [[['Host', `127.0.0.1:${p}`], ['Content-Type', 'text/plain;charset=application/json'], ['Accept', ACCEPT]], 415, 'text/plain with a JSON charset'],
        [[['Host', `127.0.0.1:${p}`], ['Content-Type', 'application/jsonx'], ['Accept', ACCEPT]], 415, 'application/jsonx'],
        [[['Host', `127.0.0.1:${p}`], ['Content-Type', 'text/plain; a="application/json"'], ['Accept', ACCEPT]], 415, 'a quoted application/json'],
        [[['Host', `127.0.0.1:${p}`], ['Content-Type', 'application/json'], ['Accept', 'application/jsonx, text/event-streamx']], 406, 'Accept of look-alikes'],
        [[['Host', `127.0.0.1:${p}`], ['Content-Type', 'application/json'], ['Accept', 'application/json;q=0, text/event-stream;q=0']], 406, 'Accept with q=0'],
        [[['Host', `127.0.0.1:${p}`], ['Content-Type', 'Application/JSON; charset="UTF-8"'], ['Accept', 'TEXT/EVENT-STREAM, application/json;q=0.5']], 200, 'mixed case with parameters'],
      ];
      for (const [headers, status, what] of cases) {
        const r = await rawRequest(p, { headers, body: initBody() });
        assert.equal(r.status, status, `${what}: ${tail(r.raw ?? '', 300)}`);
        if (status !== 200) assert.ok(!r.headers?.['mcp-session-id'], `${what}: a refused request created a session`);
      }
      await assertServesHttp(srv);
    } finally {
      await killChild(srv.child);
    }
  });

  // 6, 17 ----------------------------------------------------------------------------------------
  it(`6/17. a flood of ${MAX_SESSIONS + 200} never-initialized sessions evicts the oldest of them, not a real client; no 503`, async () => {
    const srv = await startHttp();
    try {
      const real = await openSession(srv);
      const flood = [];
      for (let i = 0; i < MAX_SESSIONS + 200; i++) {
        const r = await post(srv, initBody());
        assert.equal(r.status, 200, `initialize #${i}: ${r.status} ${r.text}`);
        flood.push(r.headers.get('mcp-session-id'));
      }
      assert.equal(new Set(flood).size, flood.length, 'repeated session ids');
      // The real, initialized session was used before the whole flood and still works.
      const add = await post(srv, rpc('a', 'tools/call', { name: 'add', arguments: { a: 1, b: 2 } }), sessionHeaders(real));
      assert.equal(add.status, 200, `the real session after the flood: ${add.status} ${add.text}`);
      assert.deepEqual(add.messages[0]?.result?.structuredContent, { sum: 3 });
      // The oldest flood sessions made room; the newest are there.
      const oldest = await post(srv, rpc(1, 'ping'), sessionHeaders(flood[0]));
      assert.equal(oldest.status, 404, `the oldest flood session: ${oldest.status} ${oldest.text}`);
      const newest = await post(srv, rpc(1, 'ping'), sessionHeaders(flood.at(-1)));
      assert.equal(newest.status, 200, `the newest flood session: ${newest.status} ${newest.text}`);
      assertRssBelow(srv.child, 64, 'after the session flood');  // about 7 MiB measured
      await assertServesHttp(srv);
    } finally {
      await killChild(srv.child);
    }
  });

  // 10, 21 ---------------------------------------------------------------------------------------
  it('10/21. the Bearer scheme is case-insensitive; the token itself is not', async () => {
    const srv = await startHttp(['--bearer-token', 'S3cret-token']);
    try {
      for (const [auth, status] of [['bearer S3cret-token', 200], ['BEARER S3cret-token', 200], ['Bearer s3cret-token', 401],
        ['Bearer S3cret-toke', 401], ['Bearer S3cret-token2', 401], ['S3cret-token', 401]]) {
        const r = await post(srv, initBody(), { authorization: auth });
        assert.equal(r.status, status, `Authorization: ${auth}: ${r.status} ${r.text}`);
      }
      await assertServesHttp(srv, { headers: { authorization: 'bearer S3cret-token' } });
    } finally {
      await killChild(srv.child);
    }
  });

  // 15 -----------------------------------------------------------------------------------------
  it('15. with 64 descriptors and 200 connections held open, /health answers and the accept loop does not spin', async () => {
    const srv = await startHttp(['-c', 'ulimit -n 64 && exec "$0" "$@"', serverProgram], { program: 'bash' });
    const socks = [];
    try {
      await Promise.all(Array.from({ length: 200 }, (_, i) => new Promise((res) => {
        const s = tcpConnect({ host: '127.0.0.1', port: srv.port }, () => {
          if (i % 2) s.write(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\n`);  // half stall inside the headers
          res();
        });
        s.on('error', () => res());
        s.on('close', () => res());
        socks.push(s);
      })));
      await sleep(500);
      const cpu0 = cpuSeconds(srv.child.pid);
      await sleep(2000);
      const cpu = cpuSeconds(srv.child.pid) - cpu0;
      assert.ok(cpu < 0.5, `the server used ${cpu.toFixed(2)} s of CPU in 2 s with its descriptors taken: ${describeServer(srv)}`);
      const t0 = Date.now();
      const health = await fetch(`http://127.0.0.1:${srv.port}/health`, { signal: AbortSignal.timeout(3000) }).catch((e) => e);
      assert.equal(health.status, 200, `/health: ${health.message ?? health.status} after ${Date.now() - t0} ms; ${describeServer(srv)}`);
      await assertServesHttp(srv);
    } finally {
      for (const s of socks) s.destroy();
      await killChild(srv.child);
    }
  });

  // 19 -----------------------------------------------------------------------------------------
  it('19. after a client drops its GET stream, a new GET stream is accepted (not 409 forever)', async () => {
    const srv = await startHttp();
    try {
      const sid = await openSession(srv);
      const getHead = `GET /mcp HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nAccept: text/event-stream\r\n` +
        `Mcp-Session-Id: ${sid}\r\nMCP-Protocol-Version: ${VERSION}\r\n\r\n`;
      const first = await raw(srv.port, [getHead], { timeout: 500 });  // raw() drops the socket when it returns
      assert.equal(first.status, 200, `first GET: ${tail(first.raw, 300)}`);
      let status;
      const deadline = Date.now() + 3000;
      while (Date.now() < deadline) {
        status = (await raw(srv.port, [getHead], { timeout: 300 })).status;
        if (status === 200) break;
        await sleep(100);
      }
      assert.equal(status, 200, 'a new GET stream after the first was dropped');
      // A live stream still conflicts. Hold one whose 200 we have seen: until the server notices
      // that the probe above dropped its socket, a new GET may itself be the one refused.
      let held;
      let heldStatus;
      const heldDeadline = Date.now() + 3000;
      while (Date.now() < heldDeadline) {
        const sock = tcpConnect({ host: '127.0.0.1', port: srv.port }, () => sock.write(getHead));
        heldStatus = await new Promise((resolve) => {
          let got = '';
          const timer = setTimeout(() => resolve(0), 1000);
          sock.on('data', (d) => {
            got += d.toString('latin1');
            const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
            if (m) { clearTimeout(timer); resolve(Number(m[1])); }
          });
          sock.on('error', () => { clearTimeout(timer); resolve(0); });
        });
        if (heldStatus === 200) { held = sock; break; }
        sock.destroy();
        await sleep(100);
      }
      assert.equal(heldStatus, 200, 'a GET stream to hold open');
      const conflict = await raw(srv.port, [getHead], { timeout: 1000 });
      held.destroy();
      assert.equal(conflict.status, 409, `a second GET while one is open: ${tail(conflict.raw ?? '', 300)}`);
      await assertServesHttp(srv);
    } finally {
      await killChild(srv.child);
    }
  });

  // 21 -----------------------------------------------------------------------------------------
  it('21. no Host or two on HTTP/1.1 -> 400; an Origin with userinfo -> 403; a 1 MB header -> 431', async () => {
    const srv = await startHttp();
    try {
      const p = srv.port;
      const ct = [['Content-Type', 'application/json'], ['Accept', ACCEPT]];
      const cases = [
        [{ headers: ct }, 400, 'HTTP/1.1 without Host'],
        [{ headers: [['Host', `127.0.0.1:${p}`], ['Host', 'evil.example'], ...ct] }, 400, 'two Host headers'],
        [{ headers: [['Host', `localhost:${p}`], ['Host', `localhost:${p}`], ...ct] }, 400, 'the same Host twice'],
        [{ headers: [['Host', `localhost:1@evil.example`], ...ct] }, 400, 'Host with userinfo'],
        [{ headers: [...jsonHeaders(p), ['Origin', 'http://localhost:1@evil.example']] }, 403, 'Origin with userinfo'],
        [{ headers: [...jsonHeaders(p), ['Origin', `http://localhost:${p}/x`]] }, 403, 'Origin with a path'],
        [{ headers: [...jsonHeaders(p), ['X-Big', 'b'.repeat(1 << 20)]] }, 431, 'a 1 MB header'],
        [{ version: '1.0', headers: ct }, 200, 'HTTP/1.0 without Host'],
      ];
      for (const [req, status, what] of cases) {
        const r = await rawRequest(p, { ...req, body: initBody() });
        assert.equal(r.status, status, `${what}: ${tail(r.raw ?? '', 300)}`);
        if (status !== 200) assertSanitisedError(r, status, what);
      }
      await assertServesHttp(srv);
    } finally {
      await killChild(srv.child);
    }
  });
});
