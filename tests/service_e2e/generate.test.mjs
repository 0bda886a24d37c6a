// The factory run end to end through the real binary: POST /api/generate with the calculator
// description, poll the job while the service drafts the spec, generates the TypeScript server,
// builds it with npm, packages, validates and publishes it; then the server's claude_config, the
// server list, and the package artifact by digest. Plus the auth and broken-spec paths.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServe, call, waitJob, tempDir, removeTemps, basic } from './lib.mjs';

const DESCRIPTION = 'A calculator that can add, subtract, multiply and divide two numbers';
const JOB_MS = Number(process.env.MCPC_SERVICE_JOB_TIMEOUT_MS ?? 240_000);

describe('generate', { timeout: JOB_MS + 60_000 }, () => {
  let svc;
  before(async () => { svc = await startServe(tempDir('generate'), ['--access-log', 'off']); });
  after(async () => { await svc?.kill('SIGTERM'); removeTemps(); });

  it('without credentials: 401, and no job', async () => {
    const r = await call(svc.base, 'POST', '/api/generate', { body: { description: DESCRIPTION, runtime: 'node' } });
    assert.equal(r.status, 401);
    assert.equal(r.json.code, 'UNAUTHORIZED');
    const wrong = await call(svc.base, 'POST', '/api/generate', { auth: basic('svc-admin', 'wrong'),
      body: { description: DESCRIPTION, runtime: 'node' } });
    assert.equal(wrong.status, 401);
  });

  it('a name or version the registry would refuse: 400 before any job runs', async () => {
    const r = await call(svc.base, 'POST', '/api/generate', { auth: basic(),
      body: { description: DESCRIPTION, runtime: 'node', name: 'Bad Name!', version: 'not/ok' } });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.code, 'VALIDATION_ERROR');
    assert.deepEqual(r.json.details.map((d) => d.path).sort(), ['name', 'version']);
  });

  it('a version that is no semantic version: the job fails with the check', async () => {
    const spec = 'name: semver-calc\nversion: 1.0.0\ndescription: Adds\ntools:\n  - name: add\n    description: Adds\n' +
      '    parameters:\n      a: { type: number, required: true }\n';
    const r = await call(svc.base, 'POST', '/api/generate', { auth: basic(), body: { spec, runtime: 'node', version: '1.0' } });
    assert.equal(r.status, 202, r.text);
    const job = await waitJob(svc.base, r.json.job_id, ['complete', 'failed'], 60_000);
    assert.equal(job.status, 'failed', JSON.stringify(job));
    assert.match(job.error, /the name or version does not fit the spec/);
    assert.match(job.error, /semantic version/);
  });

  it('a broken spec: the job fails with the diagnostics', async () => {
    const spec = 'name: broken-calc\nversion: 1.0.0\ndescription: Broken\ntools:\n  - name: add\n    description: Adds\n' +
      '    parameters:\n      a: { type: nosuchtype, required: true }\n';
    const r = await call(svc.base, 'POST', '/api/generate', { auth: basic(), body: { spec, runtime: 'node' } });
    assert.equal(r.status, 202, r.text);
    const job = await waitJob(svc.base, r.json.job_id, ['complete', 'failed'], 60_000);
    assert.equal(job.status, 'failed', JSON.stringify(job));
    assert.match(job.error, /the spec has errors/);
    assert.match(job.error, /nosuchtype/, 'the diagnostic names what is wrong');
    assert.match(job.error, /spec\.yaml:\d+:\d+/, 'with its location');
  });

  it('runtime cpp: the job fails saying why', async () => {
    const r = await call(svc.base, 'POST', '/api/generate', { auth: basic(), body: { description: DESCRIPTION, runtime: 'cpp' } });
    assert.equal(r.status, 202, r.text);
    const job = await waitJob(svc.base, r.json.job_id, ['complete', 'failed'], 60_000);
    assert.equal(job.status, 'failed', JSON.stringify(job));
    assert.match(job.error, /runtime 'cpp'/);
  });

  it('the calculator description becomes a published server with a claude_config', { timeout: JOB_MS + 30_000 }, async () => {
    const t0 = Date.now();
    const r = await call(svc.base, 'POST', '/api/generate', { auth: basic(), body: { description: DESCRIPTION, runtime: 'node' } });
    assert.equal(r.status, 202, r.text);
    assert.equal(typeof r.json.job_id, 'string');
    assert.equal(r.json.status, 'pending');
    const job = await waitJob(svc.base, r.json.job_id, ['complete', 'failed'], JOB_MS);
    if (job.status !== 'complete') {
      assert.fail(`the job failed: ${job.error}\n--- service stderr ---\n${svc.stderr}`);
    }
    console.log(`# generate job complete in ${Date.now() - t0} ms`);
    const { name, package: pkg } = job.result;
    assert.equal(typeof name, 'string');
    assert.equal(typeof job.result.claude_config, 'object');
    assert.ok(job.completed_at, 'the job has its completion time');

    const server = await call(svc.base, 'GET', `/api/servers/${encodeURIComponent(name)}`);
    assert.equal(server.status, 200, server.text);
    const config = server.json.claude_config;
    assert.ok(config && typeof config === 'object' && !Array.isArray(config), server.text);
    assert.equal(typeof config.mcpServers, 'object', JSON.stringify(config));
    assert.ok(Object.keys(config.mcpServers).length >= 1, JSON.stringify(config));
    const entry = Object.values(config.mcpServers)[0];
    assert.equal(typeof entry.command, 'string', JSON.stringify(entry));
    const tools = (server.json.tools ?? []).map((t) => t.name);
    for (const op of ['add', 'subtract', 'multiply', 'divide']) {
      assert.ok(tools.some((t) => t.includes(op)), `a tool for ${op} in ${JSON.stringify(tools)}`);
    }

    const list = await call(svc.base, 'GET', '/api/servers');
    assert.equal(list.status, 200);
    assert.ok(list.json.servers.some((s) => s.name === name), list.text);

    const m = /^\/artifacts\/sha256\/([0-9a-f]{64})$/.exec(new URL(pkg, svc.base).pathname);
    assert.ok(m, `package URL ${pkg}`);
    const artifact = await call(svc.base, 'GET', new URL(pkg, svc.base).pathname);
    assert.equal(artifact.status, 200);
    assert.ok(artifact.bytes.length > 0);
    assert.equal(createHash('sha256').update(artifact.bytes).digest('hex'), m[1], 'the bytes hash to the URL digest');

    const unknown = await call(svc.base, 'GET', '/api/servers/no-such-server');
    assert.equal(unknown.status, 404);
  });
});
