// Health checks through the real binary (docs/service.md "Health checks"): endpoints the test
// owns — a generated MCP server over Streamable HTTP (healthy), a closed port (down), a TCP
// server that answers garbage, one that never answers (ends at --health-timeout) — registered
// over the API and checked by the background checker every second; then the cron trigger with
// the right and a wrong secret.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { startServe, call, until, tempDir, removeTemps, basic, CRON } from './lib.mjs';

const CALCULATOR = process.env.MCPC_CALCULATOR;

// A port that was free a moment ago and has nothing listening on it.
async function closedPort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

describe('health checks', { skip: !CALCULATOR && 'MCPC_CALCULATOR is not set', timeout: 90_000 }, () => {
  let svc;
  let calc;
  let garbage;
  let silent;
  const ids = {};

  before(async () => {
    calc = spawn(CALCULATOR, ['--transport', 'http', '--host', '127.0.0.1', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const healthyUrl = await new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`calculator did not start: ${log}`)), 10_000);
      const onData = (d) => {
        log += d;
        const m = /listening on (http:\/\/[^\s]+\/mcp)/.exec(log);
        if (m) { clearTimeout(timer); res(m[1]); }
      };
      calc.stdout.on('data', onData);
      calc.stderr.on('data', onData);
      calc.on('exit', (code) => { clearTimeout(timer); rej(new Error(`calculator exited ${code}: ${log}`)); });
    });
    // Answers any request with bytes that are not HTTP, then hangs up.
    garbage = net.createServer((sock) => {
      sock.on('error', () => {});
      sock.once('data', () => sock.end('\x00\x01garbage, not HTTP\r\n\r\n\xff\xfe'));
    });
    await new Promise((r) => garbage.listen(0, '127.0.0.1', r));
    // Accepts connections and never answers: the check must end at --health-timeout.
    silent = net.createServer((sock) => sock.on('error', () => {}));
    await new Promise((r) => silent.listen(0, '127.0.0.1', r));
    const endpoints = {
      healthy: healthyUrl,
      down: `http://127.0.0.1:${await closedPort()}/mcp`,
      garbage: `http://127.0.0.1:${garbage.address().port}/mcp`,
      silent: `http://127.0.0.1:${silent.address().port}/mcp`,
    };
    svc = await startServe(tempDir('health'), ['--health-interval', '1', '--health-timeout', '2', '--access-log', 'off']);
    for (const [kind, url] of Object.entries(endpoints)) {
      const r = await call(svc.base, 'POST', '/api/registry/register', { auth: basic(), body: {
        name: `e2e-${kind}`, display_name: `E2E ${kind}`, description: `the ${kind} endpoint`,
        server_type: 'community', endpoint_url: url, version: '1.0.0',
        tools: [{ name: 'add', description: 'Adds two numbers', input_schema: { type: 'object' } }] } });
      assert.equal(r.status, 201, `register ${kind}: ${r.text}`);
      ids[kind] = r.json.id;
    }
  });

  after(async () => {
    await svc?.kill('SIGKILL');
    calc?.kill('SIGKILL');
    garbage?.close();
    silent?.close();
    removeTemps();
  });

  const server = async (kind) => (await call(svc.base, 'GET', `/api/registry/servers/${ids[kind]}`)).json;
  const checked = (kind) => until(20_000, async () => {
    const s = await server(kind);
    return s?.health_metrics?.length > 0 && s.status !== undefined && s;
  }, async () => JSON.stringify(await server(kind)) + '\n' + svc.stderr);

  it('a healthy MCP server is active, with its response time', async () => {
    const s = await checked('healthy');
    const m = s.health_metrics[0];
    assert.equal(m.healthy, true, JSON.stringify(s));
    assert.equal(s.status, 'active');
    assert.equal(typeof m.response_time_ms, 'number');
    assert.ok(m.response_time_ms >= 0 && m.response_time_ms < 2000, JSON.stringify(m));
    assert.equal(m.error, null);
    assert.ok(s.last_health_check, 'last_health_check is set');
  });

  for (const kind of ['down', 'garbage', 'silent']) {
    it(`the ${kind} endpoint is in error, with a message`, async () => {
      const s = await checked(kind);
      assert.equal(s.status, 'error', JSON.stringify(s));
      const m = s.health_metrics[0];
      assert.equal(m.healthy, false);
      assert.equal(typeof m.error, 'string');
      console.log(`# ${kind}: ${m.error} (${m.response_time_ms} ms)`);
      if (kind === 'silent') assert.ok(m.response_time_ms < 4000, 'the check ends near its 2 s timeout');
      assert.ok(m.error.length > 0);
    });
  }

  it('the list shows each status', async () => {
    const r = await call(svc.base, 'GET', '/api/registry/servers?status=error');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.servers.map((s) => s.name).sort(), ['e2e-down', 'e2e-garbage', 'e2e-silent']);
    const active = await call(svc.base, 'GET', '/api/registry/servers?status=active');
    assert.deepEqual(active.json.servers.map((s) => s.name), ['e2e-healthy']);
    assert.equal(active.json.servers[0].tools_count, 1);
  });

  it('POST /api/jobs/health-check runs a round with the right secret, 401 without it', async () => {
    const before = (await server('healthy')).health_metrics.length;
    const ok = await call(svc.base, 'POST', '/api/jobs/health-check', { headers: { 'X-Cron-Secret': CRON } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.success, true);
    assert.ok(ok.json.checked >= 4, ok.text);
    assert.ok((await server('healthy')).health_metrics.length > before, 'the round recorded a new sample');
    const wrong = await call(svc.base, 'POST', '/api/jobs/health-check', { headers: { 'X-Cron-Secret': 'not-it' } });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.json.code, 'UNAUTHORIZED');
    const none = await call(svc.base, 'POST', '/api/jobs/health-check', { auth: basic() });
    assert.equal(none.status, 401, 'with CRON_SECRET set, write credentials are not the secret');
  });
});
