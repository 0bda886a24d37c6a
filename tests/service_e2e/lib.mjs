// Shared by the process-level tests of `mcpc serve`: starts the real binary on a free port over
// a throwaway registry directory, and talks to it over HTTP. Only Node.js built-ins.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '../..');
export const MCPC = process.env.MCPC ?? resolve(repo, 'build/bin/mcpc');
export const USER = 'svc-admin';
export const PASSWORD = 'pw-e2e-7f3c9a51d2';
export const CRON = 'cron-e2e-5b8d01';
export const basic = (user = USER, password = PASSWORD) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tail = (s, n) => (s.length > n ? s.slice(s.length - n) : s);

const temps = [];
export function tempDir(name) {
  const d = mkdtempSync(join(process.env.MCPC_TEST_TMPDIR ?? tmpdir(), `mcpc-svc-${name}-`));
  temps.push(d);
  return d;
}
export function removeTemps() {
  for (const d of temps.splice(0)) {
    killOrphans(d);
    rmSync(d, { recursive: true, force: true, maxRetries: 5 });
  }
}

// The builds a SIGKILLed service left running (npm, tsc: each in its own process group) work
// in a job directory under `dir`: they are ended by their ids, so they do not load the machine.
function killOrphans(dir) {
  let pids = [];
  try { pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p)); } catch { return; }
  for (const pid of pids) {
    let cwd;
    try { cwd = readlinkSync(`/proc/${pid}/cwd`); } catch { continue; }
    if (cwd === dir || cwd.startsWith(`${dir}/`)) {
      try { process.kill(Number(pid), 'SIGKILL'); } catch { /* already gone */ }
    }
  }
}

// The environment every service gets: credentials, the shared node_modules of tests/ts for the
// generated TypeScript servers (npm builds offline), and no language model (offline drafting).
export function serviceEnv(extra = {}) {
  const env = { ...process.env };
  for (const k of ['MCPC_LLM_URL', 'ANTHROPIC_API_KEY', 'MCP_FACTORY_PORT']) delete env[k];
  Object.assign(env, { REGISTRY_USERNAME: USER, REGISTRY_PASSWORD: PASSWORD, CRON_SECRET: CRON,
    MCPC_NODE_MODULES: resolve(repo, 'tests/ts/node_modules'), npm_config_update_notifier: 'false',
    npm_config_audit: 'false', npm_config_fund: 'false' }, extra);
  for (const [k, v] of Object.entries(extra)) if (v === undefined) delete env[k];
  return env;
}

// Starts `mcpc serve --root ROOT --port 0 ...args` and resolves once it wrote its port.
export async function startServe(root, args = [], { env = serviceEnv(), timeoutMs = 20_000 } = {}) {
  const portFile = join(root, `port-${Date.now()}-${Math.random().toString(16).slice(2)}`);
  const child = spawn(MCPC, ['serve', '--root', root, '--port', '0', '--port-file', portFile, ...args],
    { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const svc = { child, stdout: '', stderr: '', exited: null };
  child.stdout.on('data', (d) => { svc.stdout = tail(svc.stdout + d, 1 << 20); });
  child.stderr.on('data', (d) => { svc.stderr = tail(svc.stderr + d, 1 << 20); });
  svc.exit = new Promise((res) => child.on('exit', (code, signal) => { svc.exited = { code, signal }; res(svc.exited); }));
  const deadline = Date.now() + timeoutMs;
  while (true) {
    if (svc.exited) throw new Error(`mcpc serve exited ${JSON.stringify(svc.exited)}:\n${svc.stderr}`);
    if (existsSync(portFile)) {
      const port = Number(readFileSync(portFile, 'utf8').trim());
      if (port > 0) { svc.port = port; svc.base = `http://127.0.0.1:${port}`; break; }
    }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`mcpc serve did not start:\n${svc.stderr}`); }
    await sleep(50);
  }
  svc.kill = (signal = 'SIGKILL') => { if (!svc.exited) child.kill(signal); return svc.exit; };
  return svc;
}

// One request; the body is parsed as JSON when it is JSON.
export async function call(base, method, path, { body, headers = {}, auth } = {}) {
  const h = { ...headers };
  if (auth) h.Authorization = auth;
  let payload = body;
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) {
    payload = JSON.stringify(body);
    h['Content-Type'] ??= 'application/json';
  } else if (body !== undefined) {
    h['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(base + path, { method, headers: h, body: payload });
  const bytes = Buffer.from(await res.arrayBuffer());
  let json;
  try { json = JSON.parse(bytes.toString('utf8')); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, json, bytes, text: bytes.toString('utf8') };
}

// Polls fn() until it returns a truthy value, for at most ms; throws with what() otherwise.
export async function until(ms, fn, what = () => '', every = 250) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await sleep(every);
  }
  throw new Error(`timed out after ${ms} ms: ${await what()}`);
}

// Polls GET /api/jobs/:id until the job is in one of `states`.
export async function waitJob(base, id, states, ms) {
  let job;
  await until(ms, async () => {
    job = (await call(base, 'GET', `/api/jobs/${id}`)).json;
    return job && states.includes(job.status);
  }, () => `job ${id} is ${JSON.stringify(job)}`, 500);
  return job;
}

export function createApiKey(root, name) {
  return execFileSync(MCPC, ['serve', '--root', root, '--create-api-key', name],
    { env: serviceEnv(), stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
}
