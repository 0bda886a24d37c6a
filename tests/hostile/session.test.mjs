// Hostile: what one client can make a session hold or queue (issue 11: subscriptions, requests in
// flight, unread answers on stdio, 2025-03-26 batches) and the JSON-RPC edges of item 22
// (notifications with bad params, positional params, a NUL inside a line, an inline tool reusing
// an id in flight). Each attack runs against the real everything server over stdio and, where the
// limit is the session's rather than the transport's, over HTTP; then the server must still
// answer correctly (assertServesStdio / assertServesHttp), within the stated RSS bound where the
// item is about memory. The limits are ServerOptions defaults (runtime/include/mcpc/runtime/server.h).
//
// Run: MCPC_SERVER=build/bin/mcpc-everything-server \
//        tests/e2e/node_modules/node/bin/node --test tests/hostile/session.test.mjs
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertRssBelow, assertServesHttp, assertServesStdio, exitOf, initBody, isRunning, killAll, note, openSession,
  post, rpc, rssKiB, sessionHeaders, sleep, startHttp, startStdio, stdioInit, tail,
} from './lib.mjs';

const MAX_IN_FLIGHT = 64;        // ServerOptions::max_in_flight_per_session
const MAX_BATCH = 64;            // ServerOptions::max_batch_size
const MAX_URI_BYTES = 8192;      // ServerOptions::max_uri_bytes
const MAX_SUBSCRIPTIONS = 512;   // ServerOptions::max_subscriptions_per_session
const LIMIT_EXCEEDED = -32000;   // the JSON-RPC error for a per-session limit
const MiB = 1 << 20;

after(killAll);

/// Resolves after `ms` without keeping the process alive (for races against a deadline).
const deadline = (ms, value) => new Promise((res) => setTimeout(() => res(value), ms).unref());

/// startStdio, with stdout split here so that a test can stream lines to a callback (`tap`)
/// instead of queueing them, and can stop reading stdout altogether (pause()).
function stdioWithTap(extraArgs = []) {
  const io = startStdio(extraArgs);
  const { child } = io;
  child.stdout.removeAllListeners('data');
  child.stdout.setEncoding('utf8');
  let partial = '';
  let tap = null;
  const queue = [];
  const waiters = [];
  child.stdout.on('data', (d) => {
    partial += d;
    let start = 0;
    let nl;
    while ((nl = partial.indexOf('\n', start)) >= 0) {
      const line = partial.slice(start, nl);
      start = nl + 1;
      if (tap) tap(line);
      else queue.push(line);
    }
    partial = partial.slice(start);
    while (waiters.length && queue.length) waiters.shift()(queue.shift());
  });
  const next = (timeout = 5000) => {
    if (queue.length) return Promise.resolve(JSON.parse(queue.shift()));
    return new Promise((res, rej) => {
      const w = (line) => { clearTimeout(timer); res(JSON.parse(line)); };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(w), 1);
        rej(new Error(`no stdout line within ${timeout} ms; server ${isRunning(child) ? 'running' : `exited ${child.exitCode ?? child.signalCode}`}; stderr: ${tail(io.log(), 500)}`));
      }, timeout);
      waiters.push(w);
    });
  };
  return { ...io, next, setTap: (fn) => { tap = fn; } };
}

/// Reads stdout messages until `want` has seen `count` matching ones; returns them. Others are skipped.
async function collect(io, count, want, timeout = 20_000) {
  const got = [];
  const deadline = Date.now() + timeout;
  while (got.length < count) {
    const m = await io.next(Math.max(1, deadline - Date.now()));
    if (want(m)) got.push(m);
  }
  return got;
}

/// The highest RSS (KiB) seen while `work` runs, sampled every 50 ms.
async function peakRss(child, work) {
  let peak = rssKiB(child.pid);
  const timer = setInterval(() => { if (isRunning(child)) peak = Math.max(peak, rssKiB(child.pid)); }, 50);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, rssKiB(child.pid));
}
const assertPeakBelow = (kib, limitMiB, what) => {
  if (process.env.MCPC_HOSTILE_VERBOSE) console.log(`# ${what}: peak RSS ${(kib / 1024).toFixed(1)} MiB (bound ${limitMiB})`);
  assert.ok(kib <= limitMiB * 1024, `${what}: peak RSS ${(kib / 1024).toFixed(1)} MiB exceeds ${limitMiB} MiB`);
};

// --- 11. resources/subscribe --------------------------------------------------------------------

test('11. subscribe (stdio): unknown URIs refused, long URIs refused without being kept, at most 512 per session', async () => {
  const io = startStdio();
  await stdioInit(io);
  // 60 distinct URIs of nearly 4 MiB (the message limit), each matching the template: refused
  // for their length, so none is kept (the issue measured 270 MB for this).
  const peak = await peakRss(io.child, async () => {
    for (let i = 0; i < 60; i++) {
      io.send(rpc(`long-${i}`, 'resources/subscribe', { uri: `test://template/${i}${'x'.repeat(4 * MiB - 200)}/data` }));
      await io.next(20_000);
    }
  });
  assertPeakBelow(peak, 64, 'after 60 subscriptions to 4 MiB URIs');
  io.send(rpc('long', 'resources/subscribe', { uri: `test://template/${'x'.repeat(MiB)}/data` }));
  const long = await io.next();
  assert.equal(long.error?.code, -32602, JSON.stringify(long).slice(0, 300));
  assert.ok(JSON.stringify(long).length < 1000, 'the refusal must not echo the URI');

  io.send(rpc('known', 'resources/subscribe', { uri: 'test://watched-resource' }));  // the conformance scenario's URI
  assert.deepEqual((await io.next()).result, {});
  io.send(rpc('templated', 'resources/subscribe', { uri: 'test://template/1/data' }));
  assert.deepEqual((await io.next()).result, {});
  io.send(rpc('unknown', 'resources/subscribe', { uri: 'test://nothing/here' }));
  assert.equal((await io.next()).error?.code, -32602);
  io.send(rpc('edge', 'resources/subscribe', { uri: `test://template/${'e'.repeat(MAX_URI_BYTES - 'test://template//data'.length)}/data` }));
  assert.deepEqual((await io.next()).result, {}, 'a URI of exactly max_uri_bytes is accepted');

  // The count: 3 held so far; the rest up to the limit succeed, then -32000.
  const extra = 10;
  const want = MAX_SUBSCRIPTIONS - 3 + extra;
  for (let i = 0; i < want; i++) io.send(rpc(`sub-${i}`, 'resources/subscribe', { uri: `test://template/n${i}/data` }));
  const answers = await collect(io, want, (m) => String(m.id).startsWith('sub-'));
  assert.equal(answers.filter((m) => m.result).length, MAX_SUBSCRIPTIONS - 3);
  assert.deepEqual([...new Set(answers.filter((m) => m.error).map((m) => m.error.code))], [LIMIT_EXCEEDED]);
  io.send(rpc('unsub', 'resources/unsubscribe', { uri: 'test://template/n0/data' }));
  assert.deepEqual((await io.next()).result, {});
  io.send(rpc('resub', 'resources/subscribe', { uri: `test://template/n${want - 1}/data` }));
  assert.deepEqual((await io.next()).result, {}, 'unsubscribing frees a slot');
  await assertServesStdio(io);
  assertRssBelow(io.child, 64, 'subscribe attack, stdio');
});

test('11. subscribe (HTTP): the same limits per session', async () => {
  const srv = await startHttp();
  const sid = await openSession(srv);
  const call = async (id, method, params) => {
    const r = await post(srv, rpc(id, method, params), sessionHeaders(sid));
    assert.equal(r.status, 200, `${method}: ${r.status} ${r.text.slice(0, 300)}`);
    return r.messages.find((m) => m.id === id);
  };
  for (let i = 0; i < 20; i++) {
    const r = await call(`long-${i}`, 'resources/subscribe', { uri: `test://template/${i}${'x'.repeat(3 * MiB)}/data` });
    assert.equal(r.error?.code, -32602);
  }
  assertRssBelow(srv.child, 48, 'after 20 subscriptions to 3 MiB URIs');
  assert.equal((await call('unknown', 'resources/subscribe', { uri: 'test://nothing/here' })).error?.code, -32602);
  let refused = 0;
  for (let i = 0; i < MAX_SUBSCRIPTIONS + 5; i++) {
    const r = await call(`sub-${i}`, 'resources/subscribe', { uri: `test://template/n${i}/data` });
    if (r.error) {
      assert.equal(r.error.code, LIMIT_EXCEEDED);
      refused++;
    }
  }
  assert.equal(refused, 5);
  assertRssBelow(srv.child, 64, 'subscribe attack, HTTP');
  await assertServesHttp(srv);
});

// --- 12. requests in flight ---------------------------------------------------------------------

test('12. in flight (stdio): past 64 requests, the rest are refused at once and their arguments not kept', async () => {
  const io = startStdio();
  await stdioInit(io);
  const N = 200;
  const pad = 'p'.repeat(MiB);
  let answers;
  const peak = await peakRss(io.child, async () => {
    // The admitted ones would sleep a minute: only refusals come back meanwhile.
    for (let i = 0; i < N; i++) io.send(rpc(`slow-${i}`, 'tools/call', { name: 'slow', arguments: { ms: 60_000, pad } }));
    answers = await collect(io, N - MAX_IN_FLIGHT, (m) => String(m.id).startsWith('slow-'), 50_000);
  });
  assert.deepEqual([...new Set(answers.map((m) => m.error?.code))], [LIMIT_EXCEEDED], JSON.stringify(answers[0]));
  // 64 × 1 MiB of arguments may be held; 200 × 1 MiB (the unbounded case) may not.
  assertPeakBelow(peak, 128, `${N} slow calls with 1 MiB of arguments`);
  // Cancelled, the admitted ones end without an answer, and the session takes requests again.
  for (let i = 0; i < N; i++) io.send(note('notifications/cancelled', { requestId: `slow-${i}` }));
  io.send(rpc('again', 'tools/call', { name: 'slow', arguments: { ms: 1 } }));
  let again = await io.next(10_000);
  for (let t = 0; t < 50 && again.error?.code === LIMIT_EXCEEDED; t++) {  // the cancelled handlers are still returning
    await sleep(100);
    io.send(rpc('again', 'tools/call', { name: 'slow', arguments: { ms: 1 } }));
    again = await io.next(10_000);
  }
  assert.equal(again.result?.content?.[0]?.text, 'slept 1 ms', JSON.stringify(again));
  await assertServesStdio(io);
  assert.equal(io.pending(), 0, 'a cancelled request was answered');
});

test('12. in flight (HTTP): the limit is per session, across connections', async () => {
  const srv = await startHttp();
  const sid = await openSession(srv);
  const N = MAX_IN_FLIGHT + 16;
  const pad = 'p'.repeat(256 << 10);
  const replies = await Promise.all(Array.from({ length: N }, (_, i) =>
    post(srv, rpc(`slow-${i}`, 'tools/call', { name: 'slow', arguments: { ms: 3000, pad } }), sessionHeaders(sid), { timeout: 30_000 })));
  const messages = replies.map((r, i) => r.messages.find((m) => m.id === `slow-${i}`));
  assert.equal(messages.filter((m) => m?.error?.code === LIMIT_EXCEEDED).length, 16);
  assert.equal(messages.filter((m) => m?.result?.content?.[0]?.text === 'slept 3000 ms').length, MAX_IN_FLIGHT);
  // The session itself serves again once its requests are answered.
  const r = await post(srv, rpc('again', 'tools/call', { name: 'slow', arguments: { ms: 1 } }), sessionHeaders(sid));
  assert.equal(r.messages.find((m) => m.id === 'again')?.result?.content?.[0]?.text, 'slept 1 ms');
  assertRssBelow(srv.child, 128, 'in-flight attack, HTTP');
  await assertServesHttp(srv);
});

// --- 13. stdio backpressure ---------------------------------------------------------------------

// A prompt whose text echoes a 1 MiB argument: a worker thread writes the answer, and blocks in
// write() once the client stops reading stdout.
const bigAnswer = (id) => rpc(id, 'prompts/get', { name: 'test_prompt_with_arguments', arguments: { arg1: 'a'.repeat(MiB), arg2: 'b' } });
const pings = (from, to) => {
  let s = '';
  for (let i = from; i < to; i++) s += `{"jsonrpc":"2.0","id":${i},"method":"ping"}\n`;
  return s;
};

test('13. stdio backpressure: a client that does not read stdout cannot make answers pile up', async () => {
  const io = stdioWithTap();
  await stdioInit(io);
  io.child.stdout.pause();
  io.send(bigAnswer('big'));
  await sleep(300);
  const N = 1_500_000;  // about 65 MB of pings, and as much of answers
  let total = 0;
  for (let i = 1; i <= N; i += 20_000) {
    const chunk = pings(i, Math.min(N + 1, i + 20_000));
    total += chunk.length;
    io.child.stdin.write(chunk);
  }
  // The server may take what fits under max_pending_output_bytes (4 MiB of answers) and the
  // pipes; then it must stop reading. 6 s is several times what it needs to read it all.
  const taken = () => total - io.child.stdin.writableLength;
  const peak = await peakRss(io.child, async () => {
    for (let t = 0; t < 60 && taken() < 16 * MiB; t++) await sleep(100);
  });
  assert.ok(taken() < 16 * MiB, `the server read ${(taken() / MiB).toFixed(1)} MiB of requests while nobody read its answers`);
  assertPeakBelow(peak, 32, `${N} pings while stdout is not read`);

  // Now read: the big answer, then every ping, in order.
  let expected = 0;
  let bad = null;
  const all = new Promise((res) => {
    io.setTap((line) => {
      const m = JSON.parse(line);
      if (expected === 0) {
        if (m.id !== 'big' || !m.result) bad ??= `first answer: ${line.slice(0, 200)}`;
      } else if (m.id !== expected || !m.result) {
        bad ??= `answer ${expected}: ${line.slice(0, 200)}`;
      }
      if (++expected === N + 1) res();
    });
  });
  io.child.stdout.resume();
  await Promise.race([all, deadline(90_000)]);
  assert.equal(bad, null);
  assert.equal(expected, N + 1, `only ${expected - 1} of ${N} pings were answered`);
  io.setTap(null);
  await assertServesStdio(io);
  assertRssBelow(io.child, 32, 'after the backpressure attack');
});

test('13. stdio backpressure: SIGTERM still ends a server whose client stopped reading', async () => {
  const io = stdioWithTap();
  await stdioInit(io);
  io.child.stdout.pause();
  io.child.stdin.write(pings(1, 200_000));  // the reading thread answers pings itself: it blocks in write()
  await sleep(500);
  io.child.kill('SIGTERM');
  const exited = await Promise.race([exitOf(io.child), deadline(3000, null)]);
  assert.deepEqual(exited, { code: 0, signal: null }, 'the server did not exit on SIGTERM within 3 s');
});

// --- 18. 2025-03-26 batches ---------------------------------------------------------------------

// tools/list answers are about 100 times the size of the request: the amplification the cap bounds.
const listBatch = (n, from = 0) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ jsonrpc: '2.0', id: from + i, method: 'tools/list' })));

test('18. batches (stdio): oversize batches get one error and leave no memory behind', async () => {
  const io = startStdio();
  io.send(initBody('2025-03-26'));
  assert.equal((await io.next()).result?.protocolVersion, '2025-03-26');
  io.send(note('notifications/initialized'));
  const peak = await peakRss(io.child, async () => {
    for (let round = 0; round < 5; round++) {
      io.send(listBatch(20_000));  // about 1 MB in; answered, it would be about 200 MB out
      const r = await io.next(30_000);
      assert.ok(!Array.isArray(r), 'an oversize batch must not be answered item by item');
      assert.equal(r.error?.code, -32600, JSON.stringify(r).slice(0, 300));
      assert.match(r.error.message, /limit of 64/);
    }
  });
  assertPeakBelow(peak, 48, 'five batches of 20,000 tools/list');
  io.send(listBatch(MAX_BATCH));
  const answers = await io.next(10_000);
  assert.ok(Array.isArray(answers) && answers.length === MAX_BATCH, 'a batch at the limit is answered');
  assert.ok(answers.every((a) => Array.isArray(a.result?.tools)));
  await assertServesStdio(io);
  assertRssBelow(io.child, 48, 'after the batch attack, stdio');
});

test('18. batches (HTTP): the same cap', async () => {
  const srv = await startHttp();
  const sid = await openSession(srv, { version: '2025-03-26' });
  const headers = sessionHeaders(sid, '2025-03-26');
  const big = await post(srv, listBatch(20_000), headers, { timeout: 30_000 });
  assert.equal(big.messages.length, 1, big.text.slice(0, 300));
  assert.equal(big.messages[0].error?.code, -32600, big.text.slice(0, 300));
  const ok = await post(srv, listBatch(MAX_BATCH), headers);
  const arrays = ok.messages.filter(Array.isArray);
  assert.equal(arrays.length === 1 ? arrays[0].length : ok.messages.length, MAX_BATCH, ok.text.slice(0, 300));
  assertRssBelow(srv.child, 48, 'after the batch attack, HTTP');
  await assertServesHttp(srv);
});

// --- 22. JSON-RPC edges -------------------------------------------------------------------------

test('22. JSON-RPC edges (stdio): bad notifications unanswered, positional params, NUL, inline id reuse', async () => {
  const io = startStdio();
  await stdioInit(io);
  // Notifications are never answered, whatever their params.
  io.send(note('notifications/initialized', [1, 2]));
  io.send(note('notifications/cancelled', 7));
  io.send(note('notifications/cancelled', 'x'));
  io.send('{"jsonrpc":"2.0","method":"notifications/progress","params":null}');
  io.send(rpc('after-notes', 'ping'));
  assert.deepEqual(await io.next(), { jsonrpc: '2.0', id: 'after-notes', result: {} }, 'the notifications were answered');
  // MCP params are objects: positional params are -32602, not {}.
  io.send(rpc('positional', 'tools/call', ['add', { a: 1, b: 2 }]));
  const pos = await io.next();
  assert.equal(pos.id, 'positional');
  assert.equal(pos.error?.code, -32602, JSON.stringify(pos));
  // Bytes after a NUL are not ignored: the whole line is refused.
  io.send(Buffer.concat([Buffer.from(rpc('nul', 'ping')), Buffer.from([0]), Buffer.from('garbage')]));
  const nul = await io.next();
  assert.equal(nul.error?.code, -32700, JSON.stringify(nul));
  assert.equal(nul.result, undefined);
  // An inline tool (add) may not reuse the id of a request in flight: one refusal, never a
  // second result for that id.
  io.send(rpc('dup', 'tools/call', { name: 'slow', arguments: { ms: 1000 } }));
  await sleep(100);
  io.send(rpc('dup', 'tools/call', { name: 'add', arguments: { a: 1, b: 1 } }));
  const refusal = await io.next();
  assert.equal(refusal.id, 'dup');
  assert.equal(refusal.error?.code, -32600, JSON.stringify(refusal));
  const slow = await io.next(5000);
  assert.equal(slow.id, 'dup');
  assert.equal(slow.result?.content?.[0]?.text, 'slept 1000 ms', JSON.stringify(slow));
  await assertServesStdio(io);
  assert.equal(io.pending(), 0, 'nothing else was sent');
});

test('22. JSON-RPC edges (HTTP): bad notifications get 202 and no body, positional params -32602, inline id reuse refused', async () => {
  const srv = await startHttp();
  const sid = await openSession(srv);
  const h = sessionHeaders(sid);
  for (const body of [note('notifications/initialized', [1, 2]), note('notifications/cancelled', 7)]) {
    const r = await post(srv, body, h);
    assert.equal(r.status, 202, `${body}: ${r.status} ${r.text}`);
    assert.equal(r.text, '');
  }
  const pos = await post(srv, rpc('positional', 'tools/list', ['x']), h);
  assert.equal(pos.messages.find((m) => m.id === 'positional')?.error?.code, -32602, pos.text);
  const slow = post(srv, rpc('dup', 'tools/call', { name: 'slow', arguments: { ms: 1000 } }), h);
  await sleep(200);
  const dup = await post(srv, rpc('dup', 'tools/call', { name: 'add', arguments: { a: 1, b: 1 } }), h);
  assert.equal(dup.messages.find((m) => m.id === 'dup')?.error?.code, -32600, dup.text);
  assert.equal((await slow).messages.find((m) => m.id === 'dup')?.result?.content?.[0]?.text, 'slept 1000 ms');
  await assertServesHttp(srv);
});
