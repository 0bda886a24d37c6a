// Jobs across a service's death (docs/service.md "Jobs"): killed with SIGKILL mid-job, the job is
// failed with a reason by the next instance once its lease ends — never left processing; stopped
// with SIGTERM mid-job, the service exits 0 within its grace and the job is failed with the
// reason (or complete, had it finished).
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServe, call, waitJob, tempDir, removeTemps, basic } from './lib.mjs';

const DESCRIPTION = 'A calculator that can add, subtract, multiply and divide two numbers';

async function startJob(svc) {
  const r = await call(svc.base, 'POST', '/api/generate', { auth: basic(), body: { description: DESCRIPTION, runtime: 'node' } });
  assert.equal(r.status, 202, r.text);
  const job = await waitJob(svc.base, r.json.job_id, ['processing', 'complete', 'failed'], 30_000);
  assert.equal(job.status, 'processing', `the job should still run: ${JSON.stringify(job)}`);
  return r.json.job_id;
}

describe('restart', { timeout: 150_000 }, () => {
  const services = [];
  after(async () => {
    for (const s of services) await s.kill('SIGKILL');
    removeTemps();
  });

  it('SIGKILL mid-job: the next instance fails the job once its lease ends', async () => {
    const root = tempDir('kill');
    const first = await startServe(root, ['--job-lease', '2', '--access-log', 'off']);
    services.push(first);
    const id = await startJob(first);
    const killed = await first.kill('SIGKILL');
    assert.equal(killed.signal, 'SIGKILL');

    const t0 = Date.now();
    const second = await startServe(root, ['--job-lease', '2', '--access-log', 'off']);
    services.push(second);
    const seen = [];
    const job = await waitJob(second.base, id, ['complete', 'failed'], 20_000).finally(async () => {
      seen.push((await call(second.base, 'GET', `/api/jobs/${id}`)).json?.status);
    });
    assert.equal(job.status, 'failed', JSON.stringify(job));
    assert.match(job.error, /lease expired/, job.error);
    assert.ok(job.completed_at, 'the failure has a time');
    assert.ok(Date.now() - t0 < 15_000, 'within a few leases');
    // It stays failed: the new instance never runs it again.
    await new Promise((r) => setTimeout(r, 1500));
    const again = (await call(second.base, 'GET', `/api/jobs/${id}`)).json;
    assert.equal(again.status, 'failed');
    await second.kill('SIGTERM');
  });

  it('SIGTERM mid-job: exits 0 within the grace, and the job is failed with the reason', async () => {
    const root = tempDir('term');
    const svc = await startServe(root, ['--access-log', 'off']);
    services.push(svc);
    const id = await startJob(svc);
    const t0 = Date.now();
    svc.child.kill('SIGTERM');
    const exited = await svc.exit;
    const took = Date.now() - t0;
    console.log(`# exited ${JSON.stringify(exited)} ${took} ms after SIGTERM`);
    assert.deepEqual(exited, { code: 0, signal: null }, svc.stderr);
    assert.ok(took < 10_000, `exited ${took} ms after SIGTERM (grace 5 s)\n${svc.stderr}`);
    assert.match(svc.stderr, /shutting down/);

    const next = await startServe(root, ['--access-log', 'off']);
    services.push(next);
    const job = (await call(next.base, 'GET', `/api/jobs/${id}`)).json;
    assert.ok(['failed', 'complete'].includes(job.status), JSON.stringify(job));
    if (job.status === 'failed') assert.equal(job.error, 'the service stopped before the job finished');
    await next.kill('SIGTERM');
  });
});
