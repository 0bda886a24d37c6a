// Two `mcpc serve` instances on one PostgreSQL index (and one artifact directory) share the job
// queue and the health-check schedule: SIGKILL one while it runs a job, and every job still ends —
// the dead instance's job failed with the lease reason by the other one, the rest complete — and
// none runs twice; with both checking every second, each round checks an endpoint once.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startServe, call, waitJob, tempDir, removeTemps, basic, until, sleep } from './lib.mjs';

const JOB_MS = Number(process.env.MCPC_SERVICE_JOB_TIMEOUT_MS ?? 240_000);
const SPEC = (name) => `name: ${name}\nversion: 1.0.0\ndescription: Adds numbers\ntools:\n  - name: add\n` +
  '    description: Adds two numbers\n    parameters:\n      a: { type: number, required: true }\n' +
  '      b: { type: number, required: true }\n';

describe('two instances on PostgreSQL', { timeout: 3 * JOB_MS }, () => {
  let a, b, url;
  const root = tempDir('instances');
  before(async () => {
    const cluster = readFileSync(process.env.MCPC_TEST_POSTGRES_URL_FILE, 'utf8').trim();
    const db = `svc_${process.pid}_${Date.now()}`;
    execFileSync('psql', [cluster, '-qAtc', `CREATE DATABASE ${db}`]);
    url = cluster.replace(/\/[^/?]*(\?|$)/, `/${db}$1`);
    const args = ['--db', url, '--workers', '1', '--job-lease', '2', '--health-interval', '1',
      '--health-timeout', '1', '--access-log', 'off'];
    a = await startServe(root, args);
    b = await startServe(root, args);
  });
  after(async () => {
    await a?.kill('SIGTERM');
    await b?.kill('SIGTERM');
    removeTemps();
  });

  it('a killed instance loses no job and no job runs twice', async () => {
    const ids = [];
    for (const n of ['first', 'second', 'third']) {
      const r = await call(a.base, 'POST', '/api/generate', { auth: basic(), body: { spec: SPEC(`shared-${n}`), runtime: 'node' } });
      assert.equal(r.status, 202, r.text);
      ids.push(r.json.job_id);
    }
    // Instance A starts one of them; it is killed in the middle of it.
    const running = await until(60_000, () => ids.find((id) => a.stderr.includes(`${id}:`)),
      () => `A never started a job:\n${a.stderr}`);
    a.child.kill('SIGKILL');
    await a.exit;
    const jobs = [];
    for (const id of ids) jobs.push(await waitJob(b.base, id, ['complete', 'failed'], JOB_MS));
    for (const job of jobs) {
      assert.equal(job.attempts, 1, `ran once: ${JSON.stringify(job)}`);
      if (job.job_id === running) {
        assert.equal(job.status, 'failed', JSON.stringify(job));
        assert.match(job.error, /lease expired/);
      } else {
        assert.equal(job.status, 'complete', `${JSON.stringify(job)}\n${b.stderr}`);
      }
    }
    const servers = await call(b.base, 'GET', '/api/servers');
    const names = servers.json.servers.map((s) => s.name).sort();
    assert.equal(names.length, 2, JSON.stringify(names));
  });

  it('the health-check schedule is shared: one check per endpoint per round', async () => {
    const r = await call(b.base, 'POST', '/api/registry/register', { auth: basic(), body: {
      name: 'down-endpoint', display_name: 'Down', server_type: 'mock', endpoint_url: 'http://127.0.0.1:9/mcp',
      tools: [] } });
    assert.equal(r.status, 201, r.text);
    const c = await startServe(root, ['--db', url, '--health-interval', '1', '--health-timeout', '1',
      '--access-log', 'off']);
    try {
      const started = Date.now();
      await sleep(6_000);
      const seconds = (Date.now() - started) / 1000;
      const one = await call(b.base, 'GET', `/api/registry/servers/${r.json.id}`);
      const checks = one.json.health_metrics.length;
      assert.ok(checks >= 3, `checked: ${checks}`);
      assert.ok(checks <= Math.ceil(seconds) + 2, `two instances each checked it: ${checks} checks in ${seconds} s`);
    } finally {
      await c.kill('SIGTERM');
    }
  });
});
