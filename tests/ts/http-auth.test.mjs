// The generated TypeScript server's HTTP auth (src/http.ts): the bearer scheme is matched in
// any case with one or more spaces (RFC 9110), tokens and API keys are compared in constant
// time (an HMAC of each side), and anything else is a 401: a wrong token of the same length,
// of another length, a prefix, another scheme, none. Real servers over real sockets.
// Run by run-ts-tests.sh auth: BEARER_PKG and API_KEY_PKG name built packages of
// tests/golden/ir/transports_auth.json and full_server.json.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';

const children = [];
after(() => children.forEach((c) => c.kill()));

async function start(pkg, env) {
  const child = spawn(process.execPath, [`${pkg}/dist/main.js`, '--transport', 'http', '--host', '127.0.0.1', '--port', '0', '--path', '/mcp'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let text = '';
  for await (const chunk of child.stderr) {
    text += chunk;
    const m = /listening on (http:\/\/127\.0\.0\.1:[0-9]+\/mcp)/.exec(text);
    if (m) return m[1];
  }
  throw new Error(`server did not start: ${text}`);
}

const initialize = JSON.stringify({
  jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'auth-test', version: '1.0.0' } },
});
async function post(url, headers) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: initialize,
  });
  await res.body?.cancel();
  return res;
}

describe('generated TypeScript server: HTTP auth', { timeout: 60_000 }, () => {
  it('bearer: any case of the scheme, one or more spaces; every wrong token is a 401', async () => {
    const token = 's3cret-Token_0123456789';
    const url = await start(process.env.BEARER_PKG, { MCP_TOKEN: token });
    for (const header of [`Bearer ${token}`, `bearer ${token}`, `BEARER ${token}`, `bEaReR ${token}`, `Bearer   ${token}`]) {
      assert.equal((await post(url, { authorization: header })).status, 200, header);
    }
    const wrong = [
      `Bearer ${token.slice(0, -1)}X`,  // same length
      `Bearer ${token}X`,               // longer
      `Bearer ${token.slice(0, 5)}`,    // a prefix
      `Bearer`, 'Bearer ', `Basic ${token}`, `${token}`, `Bearer ${token} extra`, `Bearer ${token}, Basic x`,
    ];
    for (const header of wrong) {
      const res = await post(url, { authorization: header });
      assert.equal(res.status, 401, header);
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer /, header);
    }
    assert.equal((await post(url, {})).status, 401, 'no Authorization header');
  });

  it('API key: only the exact key passes', async () => {
    const key = 'k-0123456789abcdef';
    const url = await start(process.env.API_KEY_PKG, { FULL_KEY: key, REDIS_URL: 'redis://127.0.0.1:1' });
    assert.equal((await post(url, { 'x-full-key': key })).status, 200);
    for (const given of [`${key.slice(0, -1)}X`, `${key}X`, key.slice(0, 3), '']) {
      assert.equal((await post(url, { 'x-full-key': given })).status, 401, given);
    }
    assert.equal((await post(url, {})).status, 401, 'no key');
  });
});
