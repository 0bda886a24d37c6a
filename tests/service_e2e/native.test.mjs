// A runtime cpp generate job on the installed mcpc (MCPC is PREFIX/bin/mcpc): the service writes a
// CMake project with add_mcp_server() and the handler skeleton, builds it against the installed
// CMake package, packages and validates the server, and publishes it; its tarball holds the
// executable.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServe, call, waitJob, tempDir, removeTemps, basic } from './lib.mjs';

const JOB_MS = Number(process.env.MCPC_SERVICE_JOB_TIMEOUT_MS ?? 400_000);

describe('native generate job', { timeout: JOB_MS + 60_000 }, () => {
  let svc;
  before(async () => { svc = await startServe(tempDir('native'), ['--access-log', 'off']); });
  after(async () => { await svc?.kill('SIGTERM'); removeTemps(); });

  it('builds, packages, validates and publishes a C++ server from a spec', async () => {
    const spec = readFileSync(process.env.MCPC_CALCULATOR_SPEC, 'utf8')
      .replace(/^name: .*$/m, 'name: native-calculator').replace(/^version: .*$/m, 'version: 3.1.0');
    const renamed = await call(svc.base, 'POST', '/api/generate', { auth: basic(),
      body: { spec, runtime: 'cpp', name: 'other-name' } });
    assert.equal(renamed.status, 202, renamed.text);
    const refused = await waitJob(svc.base, renamed.json.job_id, ['complete', 'failed'], 60_000);
    assert.equal(refused.status, 'failed');
    assert.match(refused.error, /name and version from the spec/);
    const r = await call(svc.base, 'POST', '/api/generate', { auth: basic(), body: { spec, runtime: 'cpp' } });
    assert.equal(r.status, 202, r.text);
    const job = await waitJob(svc.base, r.json.job_id, ['complete', 'failed'], JOB_MS);
    assert.equal(job.status, 'complete', `${JSON.stringify(job)}\n${svc.stderr}`);
    assert.equal(job.result.name, 'native-calculator');
    assert.equal(job.result.version, '3.1.0');
    assert.equal(job.result.runtime, 'native');
    const server = await call(svc.base, 'GET', '/api/v1/packages/native-calculator');
    assert.equal(server.status, 200);
    assert.deepEqual(server.json.tools.map((t) => t.name).sort(), ['add', 'divide', 'multiply', 'subtract']);
    const tarball = server.json.artifacts.find((a) => a.role === 'tarball');
    assert.ok(tarball, JSON.stringify(server.json.artifacts));
    const blob = await fetch(svc.base + tarball.url);
    assert.equal(blob.status, 200);
    assert.equal((await blob.arrayBuffer()).byteLength, tarball.size);
  });
});
