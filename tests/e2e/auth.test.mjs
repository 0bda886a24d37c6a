// HTTP auth and health: a server started with --bearer-token or --api-key refuses requests
// without the credential (401) and serves them with it; /health needs no credential.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { program, serverArgs, skipReason } from './server-under-test.mjs';

const children = [];
after(() => children.forEach((c) => c.kill('SIGKILL')));

// Starts the server on a free port and resolves with its base URL once it listens.
function start(extra) {
  return new Promise((resolve, reject) => {
    const child = spawn(program, [...serverArgs, '--transport', 'http', '--host', '127.0.0.1', '--port', '0', ...extra],
                        { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(child);
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 5000);
    child.stderr.on('data', (d) => {
      err += d;
      const m = /listening on (http:\/\/[^\s]+)\/mcp/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

const initialize = JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'auth-test', version: '1' } } });
const post = (base, headers) => fetch(`${base}/mcp`, { method: 'POST', body: initialize,
  headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers } });

describe('HTTP auth', { skip: skipReason, timeout: 20_000 }, () => {
  it('bearer token: 401 without or with a wrong token, 200 with it; /health is open', async () => {
    const base = await start(['--bearer-token', 's3cret-token']);
    const none = await post(base, {});
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /Bearer/);
    assert.equal((await post(base, { Authorization: 'Bearer wrong' })).status, 401);
    const ok = await post(base, { Authorization: 'Bearer s3cret-token' });
    assert.equal(ok.status, 200);
    assert.ok(ok.headers.get('mcp-session-id'));
    const health = await fetch(`${base}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
  });

  it('API key header: 401 without it, 200 with it', async () => {
    const base = await start(['--api-key', 'X-API-Key=k-123']);
    assert.equal((await post(base, {})).status, 401);
    assert.equal((await post(base, { 'X-API-Key': 'nope' })).status, 401);
    assert.equal((await post(base, { 'X-API-Key': 'k-123' })).status, 200);
  });
});
