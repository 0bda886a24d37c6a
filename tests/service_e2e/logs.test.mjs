// The access log and secrets (docs/service.md "Security"): after requests with Basic auth, a
// bearer API key and wrong credentials, --access-log FILE holds one JSON object per request with
// method, path and status, and no password, token, Authorization header or query string appears
// in it, on standard output or on standard error. Then the body limit: 413 over 1 MiB by
// default, not with --max-body 4194304. And startup: a busy port, MCP_FACTORY_PORT, stdout log.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServe, call, tempDir, removeTemps, basic, createApiKey, until, serviceEnv, MCPC, PASSWORD, USER } from './lib.mjs';

const services = [];
after(async () => {
  for (const s of services) await s.kill('SIGKILL');
  removeTemps();
});

const registration = (name) => ({ name, display_name: name, server_type: 'mock',
  endpoint_url: 'http://127.0.0.1:9/mcp', tools: [{ name: 'ping', description: 'Pings', input_schema: { type: 'object' } }] });

describe('access log', { timeout: 60_000 }, () => {
  it('one JSON line per request, with no secret anywhere', async () => {
    const root = tempDir('log');
    const token = createApiKey(root, 'ci');
    assert.match(token, /^mcpc_[0-9a-f]+_[0-9a-f]+$/);
    const keyId = token.split('_')[1];
    const secretPart = token.split('_')[2];
    const logFile = join(root, 'access.jsonl');
    const svc = await startServe(root, ['--access-log', logFile, '--health-interval', '0']);
    services.push(svc);

    const bearer = `Bearer ${token}`;
    const requests = [
      ['POST', '/api/registry/register', { auth: basic(), body: registration('log-basic') }, 201],
      ['POST', '/api/registry/register', { auth: bearer, body: registration('log-bearer') }, 201],
      ['GET', '/api/registry/servers?search=query-text-4d1e', { auth: bearer }, 200],
      ['POST', '/api/registry/register', { auth: basic(USER, `${PASSWORD}-wrong`), body: registration('log-wrong') }, 401],
      ['POST', '/api/registry/register', { auth: `Bearer ${token}x`, body: registration('log-wrong2') }, 401],
      ['GET', '/api/servers/no-such-server', { auth: bearer }, 404],
      ['GET', '/health', {}, 200],
    ];
    for (const [method, path, opts, status] of requests) {
      const r = await call(svc.base, method, path, opts);
      assert.equal(r.status, status, `${method} ${path}: ${r.text}`);
    }
    const lines = await until(5_000, () => {
      const l = readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
      return l.length >= requests.length && l;
    }, () => readFileSync(logFile, 'utf8'));
    assert.equal(lines.length, requests.length, lines.join('\n'));
    const entries = lines.map((l) => JSON.parse(l));
    entries.forEach((e, i) => {
      const [method, path, , status] = requests[i];
      assert.equal(e.method, method);
      assert.equal(e.path, path.split('?')[0], 'the path without its query');
      assert.equal(e.status, status);
      assert.equal(typeof e.time, 'string');
      assert.equal(typeof e.ms, 'number');
    });
    assert.equal(entries[0].principal, `basic:${USER}`);
    assert.equal(entries[1].principal, `key:${keyId}`);
    assert.equal(entries[3].principal, '', 'a wrong password authenticates nobody');

    const t0 = Date.now();
    assert.deepEqual(await svc.kill('SIGTERM'), { code: 0, signal: null }, 'SIGTERM stops it cleanly');
    assert.ok(Date.now() - t0 < 5_000, 'with no job running, at once');
    const everything = { log: readFileSync(logFile, 'utf8'), stdout: svc.stdout, stderr: svc.stderr };
    const basicBlob = basic().slice('Basic '.length);
    for (const [where, text] of Object.entries(everything)) {
      for (const secret of [PASSWORD, token, secretPart, basicBlob, 'query-text-4d1e']) {
        assert.ok(!text.includes(secret), `${where} contains a secret (${secret.slice(0, 6)}...)`);
      }
      assert.doesNotMatch(text, /authorization|bearer /i, `${where} mentions a credential header`);
    }
  });
});

describe('body limit', { timeout: 60_000 }, () => {
  const twoMiB = JSON.stringify({ description: 'x'.repeat(2 * 1024 * 1024), runtime: 'node' });

  it('a 2 MB POST /api/generate is 413 by default', async () => {
    const svc = await startServe(tempDir('body'), ['--access-log', 'off', '--health-interval', '0']);
    services.push(svc);
    const r = await call(svc.base, 'POST', '/api/generate', { auth: basic(), body: twoMiB }).catch((e) => ({ error: e }));
    // The service may close the connection after answering; the status must still be 413.
    assert.equal(r.status, 413, r.error ? String(r.error.cause ?? r.error) : r.text);
    assert.equal((await call(svc.base, 'GET', '/health')).status, 200, 'it keeps serving');
    await svc.kill('SIGTERM');
  });

  it('with --max-body 4194304 it is not 413', async () => {
    const svc = await startServe(tempDir('body4'), ['--access-log', 'off', '--health-interval', '0', '--max-body', '4194304']);
    services.push(svc);
    const r = await call(svc.base, 'POST', '/api/generate', { auth: basic(), body: twoMiB });
    assert.notEqual(r.status, 413, r.text);
    // The description is over the service's own limit, which says so with a 400.
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.code, 'VALIDATION_ERROR');
    await svc.kill('SIGTERM');
  });
});

describe('startup', { timeout: 60_000 }, () => {
  it('a port in use: exits non-zero saying so; MCP_FACTORY_PORT is the port without --port', async () => {
    const { spawnSync } = await import('node:child_process');
    const net = await import('node:net');
    const busy = net.createServer();
    await new Promise((r) => busy.listen(0, '127.0.0.1', r));
    const { port } = busy.address();
    try {
      const root = tempDir('busy');
      const flag = spawnSync(MCPC, ['serve', '--root', root, '--port', String(port)], { env: serviceEnv(), timeout: 20_000 });
      assert.notEqual(flag.status, 0);
      assert.match(flag.stderr.toString(), new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}`));
      const env = spawnSync(MCPC, ['serve', '--root', root], { env: serviceEnv({ MCP_FACTORY_PORT: String(port) }), timeout: 20_000 });
      assert.notEqual(env.status, 0);
      assert.match(env.stderr.toString(), new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}`));
    } finally {
      busy.close();
    }
  });

  it('the access log goes to standard output by default', async () => {
    const svc = await startServe(tempDir('stdout'), ['--health-interval', '0']);
    services.push(svc);
    assert.equal((await call(svc.base, 'GET', '/health')).status, 200);
    const line = await until(5_000, () => svc.stdout.split('\n').find((l) => l.includes('"/health"')), () => svc.stdout);
    assert.deepEqual([JSON.parse(line).method, JSON.parse(line).status], ['GET', 200]);
    await svc.kill('SIGTERM');
  });
});
