// The discovery page in a real browser: `mcpc serve` on a fresh registry holding three
// registered servers, the page opened in Debian's headless Chromium through playwright-core.
// Checks that the list loads, that typing in the search box and choosing a type narrow it, that
// a server's detail view shows a tool's parameter schema and its client configuration, and that
// nothing on the way trips the Content-Security-Policy. Screenshots land in MCPC_WEB_OUT.
//
// Environment: MCPC (the mcpc binary), CHROMIUM (default /usr/bin/chromium), MCPC_WEB_OUT (where
// the screenshots go; default: a temporary directory). MCPC_WEB_URL=http://HOST:PORT runs the
// checks against a service already running with the fixture servers below instead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const USER = 'web-test';
const PASSWORD = 'web-test-password';

// Three servers of different types; the weather one's tool has a schema with every kind of
// constraint the page renders. Their endpoints refuse connections (port 9): health checks of
// them fail, which the page shows and which these checks do not depend on.
const FIXTURES = [
  {
    name: 'io.example/weather',
    endpoint_url: 'http://127.0.0.1:9/weather/mcp',
    display_name: 'Weather',
    description: 'Current conditions and forecasts for any city.',
    server_type: 'official',
    version: '1.4.0',
    metadata: { tags: ['weather', 'forecast'] },
    tools: [
      {
        name: 'get_forecast',
        description: 'Forecast for the next days.',
        input_schema: {
          type: 'object',
          properties: {
            city: { type: 'string', description: 'City name', minLength: 1 },
            days: { type: 'integer', description: 'How many days', minimum: 1, maximum: 10, default: 3 },
            units: { type: 'string', enum: ['metric', 'imperial'] },
          },
          required: ['city'],
        },
      },
      {
        name: 'get_conditions',
        description: 'Conditions right now.',
        input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    ],
  },
  {
    name: 'io.example/calculator',
    endpoint_url: 'http://127.0.0.1:9/calculator/mcp',
    display_name: 'Calculator',
    description: 'Arithmetic on two numbers.',
    server_type: 'community',
    version: '2.0.1',
    metadata: { tags: ['math'] },
    tools: [
      {
        name: 'add',
        description: 'Add two numbers.',
        input_schema: {
          type: 'object',
          properties: { a: { type: 'number' }, b: { type: 'number' } },
          required: ['a', 'b'],
        },
      },
    ],
  },
  {
    name: 'io.example/echo-mock',
    endpoint_url: 'http://127.0.0.1:9/echo-mock/mcp',
    display_name: 'Echo (mock)',
    description: 'Answers with what it was sent, for testing clients.',
    server_type: 'mock',
    version: '0.1.0',
    metadata: { tags: ['testing'] },
    tools: [
      {
        name: 'echo',
        description: 'Echo the text back.',
        input_schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      },
    ],
  },
];

const outDir = process.env.MCPC_WEB_OUT || fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-web-out-'));
let service = null;
let browser = null;
let baseUrl = process.env.MCPC_WEB_URL || '';

/// Starts `mcpc serve` on a free port in a fresh registry and resolves once it listens (it
/// writes the port to --port-file then). No background health checks: the fixtures' statuses stay
/// as registered.
async function startService() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-web-registry-'));
  const portFile = path.join(root, 'port');
  const child = spawn(process.env.MCPC, [
    'serve', '--root', path.join(root, 'registry'), '--host', '127.0.0.1', '--port', '0', '--port-file', portFile,
    '--health-interval', '0', '--access-log', 'off',
  ], {
    env: { ...process.env, REGISTRY_USERNAME: USER, REGISTRY_PASSWORD: PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  let exited = null;
  child.once('exit', (code, signal) => { exited = signal || code; });
  const deadline = Date.now() + 15000;
  for (;;) {
    const text = fs.existsSync(portFile) ? fs.readFileSync(portFile, 'utf8') : '';
    if (/^\d+\n$/.test(text)) return { child, root, url: `http://127.0.0.1:${Number(text)}`, output: () => output };
    if (exited !== null) throw new Error(`mcpc serve exited (${exited}) before listening:\n${output}`);
    if (Date.now() > deadline) throw new Error(`mcpc serve did not write ${portFile} within 15 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function register(fixture) {
  const response = await fetch(`${baseUrl}/api/registry/register`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`,
    },
    body: JSON.stringify(fixture),
  });
  const body = await response.text();
  assert.ok(response.ok, `register ${fixture.name}: HTTP ${response.status} ${body}`);
}

before(async () => {
  if (!baseUrl) {
    assert.ok(process.env.MCPC, 'MCPC must name the mcpc binary');
    service = await startService();
    baseUrl = service.url;
    for (const fixture of FIXTURES) await register(fixture);
  }
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  // Chromium's sandbox refuses to start as root (CI runs as root).
  const args = process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [];
  browser = await chromium.launch({ executablePath, args, headless: true });
});

after(async () => {
  if (browser) await browser.close();
  if (service) {
    service.child.kill('SIGTERM');
    if (service.child.exitCode === null && service.child.signalCode === null) await once(service.child, 'exit');
    fs.rmSync(service.root, { recursive: true, force: true });
  }
});

/// A page that records console errors, uncaught exceptions and failed requests: a CSP violation
/// shows up as a console error, so none of these may happen.
async function openPage(t, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  const page = await context.newPage();
  // Generous: on a loaded 2-core machine (ctest -j2 beside a build) a step took over 10 s once.
  page.setDefaultTimeout(30000);
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // Search requests superseded by a newer keystroke are aborted on purpose.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()}`);
  });
  t.after(() => context.close());
  return { page, problems };
}

const cardNames = (page) =>
  page.locator('#results > li').evaluateAll((items) => items.map((item) => item.dataset.name));

async function waitForCards(page, expected) {
  await page.waitForFunction(
    (names) => {
      const shown = [...document.querySelectorAll('#results > li')].map((item) => item.dataset.name);
      return document.querySelector('#results').getAttribute('aria-busy') !== 'true' &&
        JSON.stringify(shown.sort()) === JSON.stringify([...names].sort());
    },
    expected,
  );
}

function screenshotPath(name) {
  fs.mkdirSync(outDir, { recursive: true });
  return path.join(outDir, name);
}

test('the page and its assets are served with validators and a strict CSP', async () => {
  for (const url of ['/', '/index.html', '/assets/app.js', '/assets/style.css']) {
    const response = await fetch(`${baseUrl}${url}`);
    assert.equal(response.status, 200, url);
    assert.match(response.headers.get('content-security-policy') || '', /default-src 'self'/, url);
    const etag = response.headers.get('etag');
    assert.match(etag || '', /^"[0-9a-f]{32}"$/, url);
    assert.ok((await response.text()).length > 0, url);
    const again = await fetch(`${baseUrl}${url}`, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304, `${url} revalidated`);
  }
  assert.match((await fetch(`${baseUrl}/assets/app.js`)).headers.get('content-type'), /^text\/javascript/);
  assert.equal((await fetch(`${baseUrl}/assets/missing.js`)).status, 404);
});

test('the list loads, and search and the type filter narrow it', async (t) => {
  const { page, problems } = await openPage(t);
  const response = await page.goto(`${baseUrl}/`);
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-security-policy'] || '', /default-src 'self'/);
  assert.equal(await page.title(), 'MCP server registry');

  const all = FIXTURES.map((f) => f.name);
  await waitForCards(page, all);
  await page.getByRole('status').filter({ hasText: '3 servers' }).waitFor();
  const weatherCard = page.locator('#results > li[data-name="io.example/weather"]');
  assert.match(await weatherCard.textContent(), /Weather/);
  assert.match(await weatherCard.textContent(), /2 tools/);
  assert.match(await weatherCard.textContent(), /v1\.4\.0/);

  // Typed one key at a time, as a person would: every keystroke starts a search, the stale
  // ones are cancelled, and the last one wins.
  const searched = page.waitForRequest((request) => request.url().includes('/api/v1/packages/search?q=weath'));
  await page.getByLabel('Search').pressSequentially('weath', { delay: 30 });
  await searched;
  await waitForCards(page, ['io.example/weather']);
  assert.match(page.url(), /#\/\?q=weath$/);
  await page.screenshot({ path: screenshotPath('search.png') });

  await page.getByLabel('Search').fill('');
  await waitForCards(page, all);
  await page.getByLabel('Type').selectOption('mock');
  await waitForCards(page, ['io.example/echo-mock']);
  await page.getByLabel('Type').selectOption('community');
  await waitForCards(page, ['io.example/calculator']);
  await page.getByRole('button', { name: 'Clear' }).click();
  await waitForCards(page, all);

  assert.deepEqual(problems, []);
});

test('a server\'s detail view shows its tools\' parameter schemas and client configuration', async (t) => {
  const { page, problems } = await openPage(t);
  await page.goto(`${baseUrl}/`);
  await waitForCards(page, FIXTURES.map((f) => f.name));

  // "/" focuses the search box.
  await page.keyboard.press('/');
  await page.keyboard.type('weather');
  await waitForCards(page, ['io.example/weather']);
  // One more keystroke (a trailing space the search ignores) and a click before its search
  // fires: the pending search must not pull the address back to the list afterwards.
  await page.keyboard.type(' ');
  await page.locator('#results > li[data-name="io.example/weather"] a').click();
  await page.waitForURL(/#\/server\/io\.example%2Fweather$/);

  const heading = page.getByRole('heading', { level: 1, name: 'Weather' });
  await heading.waitFor();
  await page.waitForTimeout(400);  // longer than the search's keystroke debounce
  assert.match(page.url(), /#\/server\/io\.example%2Fweather$/);
  assert.equal(await heading.isVisible(), true);
  assert.equal(await page.title(), 'Weather · MCP server registry');

  const tool = page.locator('.tool[data-tool="get_forecast"]');
  assert.match(await tool.locator('h3').textContent(), /get_forecast/);
  const city = tool.locator('tr[data-param="city"]');
  assert.match(await city.textContent(), /string/);
  assert.match(await city.textContent(), /required/);
  assert.match(await city.textContent(), /City name/);
  assert.match(await city.textContent(), /length ≥ 1/);
  const days = tool.locator('tr[data-param="days"]');
  assert.match(await days.textContent(), /integer/);
  assert.match(await days.textContent(), /optional/);
  assert.match(await days.textContent(), /≥ 1/);
  assert.match(await days.textContent(), /≤ 10/);
  assert.match(await days.textContent(), /default 3/);
  assert.match(await tool.locator('tr[data-param="units"]').textContent(), /one of "metric", "imperial"/);

  // The raw schema, as JSON, behind a disclosure.
  await tool.getByText('Input schema (JSON)').click();
  const raw = JSON.parse(await tool.locator('details.raw pre').textContent());
  assert.deepEqual(raw.required, ['city']);
  assert.equal(raw.properties.days.maximum, 10);

  // Client configuration: a JSON object per client, copyable.
  const configs = page.locator('#configs');
  const tabs = await configs.getByRole('tab').allTextContents();
  assert.ok(tabs.length >= 1, 'at least one client configuration');
  const shown = configs.locator('[role="tabpanel"]:not([hidden]) pre');
  const configText = await shown.textContent();
  assert.ok(JSON.parse(configText) && configText.length > 2, `client config is JSON: ${configText}`);
  await configs.locator('[role="tabpanel"]:not([hidden])').getByRole('button', { name: 'Copy' }).click();
  await configs.getByText('Copied').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), configText);

  await page.getByRole('heading', { name: 'Versions' }).waitFor();
  assert.match(await page.locator('#versions').textContent(), /1\.4\.0/);

  const shot = screenshotPath('discovery.png');
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`screenshot: ${shot}`);

  // Back to the list with the search kept.
  await page.getByRole('link', { name: '← All servers' }).click();
  await waitForCards(page, ['io.example/weather']);
  assert.equal((await page.getByLabel('Search').inputValue()).trim(), 'weather');

  assert.deepEqual(problems, []);
});

test('a detail link opens directly, on a narrow screen too; an unknown name says so', async (t) => {
  const { page, problems } = await openPage(t, { width: 390, height: 844 });
  await page.goto(`${baseUrl}/#/server/${encodeURIComponent('io.example/calculator')}`);
  await page.getByRole('heading', { level: 1, name: 'Calculator' }).waitFor();
  assert.match(await page.locator('.tool[data-tool="add"] tr[data-param="a"]').textContent(), /number/);
  // One column: nothing wider than the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than a 390px screen`);
  await page.screenshot({ path: screenshotPath('detail-narrow.png'), fullPage: true });

  await page.goto(`${baseUrl}/#/server/${encodeURIComponent('io.example/missing')}`);
  await page.getByRole('heading', { level: 1, name: 'Server not found' }).waitFor();
  // The 404 of the API is expected here; nothing else may have gone wrong.
  assert.deepEqual(problems.filter((p) => !/404/.test(p)), []);
});
