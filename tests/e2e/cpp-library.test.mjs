// End to end: examples/cpp-library, a C++ library whose annotated functions are a server's
// tools with no handler code (add_mcp_server(... FROM_HEADERS)), through the official
// TypeScript SDK 2.x client (@modelcontextprotocol/client).
//
//   MCPC_GEOMETRY  the built server (default build/bin/geometry-server)
// Run: ctest --test-dir build -R e2e.cpp_library, or MCPC_GEOMETRY=... node --test tests/e2e/cpp-library.test.mjs
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const here = dirname(fileURLToPath(import.meta.url));
const program = resolve(process.env.MCPC_GEOMETRY || join(here, '../../build/bin/geometry-server'));
const TIMEOUT = 20_000;

describe('geometry (a C++ library as a server)', { timeout: 60_000 }, () => {
  let client;
  let log = '';
  before(async () => {
    const transport = new StdioClientTransport({ command: program, stderr: 'pipe' });
    transport.stderr?.on('data', (d) => { log += d; });
    client = new Client({ name: 'mcpc-e2e-cpp-library', version: '1.0.0' }, { capabilities: {} });
    try {
      await client.connect(transport, { timeout: 10_000 });
    } catch (err) {
      err.message += `\n--- server stderr ---\n${log}`;
      throw err;
    }
  });
  after(async () => { await client?.close().catch(() => {}); });

  const call = (name, args) => client.callTool({ name, arguments: args });

  it('tools/list: the marked functions, with schemas and descriptions from the header', { timeout: TIMEOUT }, async () => {
    const { tools } = await client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    assert.deepEqual(Object.keys(byName).sort(), ['bounding_box', 'convert', 'distance', 'measure', 'regular_polygon']);
    assert.equal(byName.square, undefined, 'an unmarked function is not a tool');
    assert.equal(byName.distance.description, 'Distance between two points');
    const convert = byName.convert.inputSchema;
    assert.deepEqual(convert.properties.from.enum, ['metre', 'centimetre', 'foot', 'inch']);
    assert.equal(convert.properties.to.default, 'metre');
    assert.deepEqual([...convert.required].sort(), ['from', 'value']);
    const sides = byName.regular_polygon.inputSchema.properties.sides;
    assert.equal(sides.type, 'integer');
    assert.equal(sides.minimum, 3);
    assert.equal(sides.maximum, 64);
    const polygon = byName.measure.inputSchema.properties.polygon;
    assert.equal(polygon.properties.corners.items.properties.x.description, 'Horizontal coordinate.');
    assert.ok(!(polygon.required ?? []).includes('unit'), 'an optional member is not required');
    assert.equal(byName.measure.outputSchema.properties.unit.enum.length, 4);
  });

  it('calls the functions with their real types', { timeout: TIMEOUT }, async () => {
    const square = { name: 'sq', corners: [{ x: 0, y: 0 }, { x: 3, y: 0 }, { x: 3, y: 3 }, { x: 0, y: 3 }], unit: 'foot' };
    const m = await call('measure', { polygon: square });
    assert.ok(!m.isError, JSON.stringify(m));
    assert.deepEqual(m.structuredContent, { name: 'sq', area: 9, perimeter: 12, unit: 'foot' });

    const d = await call('distance', { a: { x: 0, y: 0 }, b: { x: 3, y: 4 } });
    assert.deepEqual(d.structuredContent, { result: 5 });

    const c = await call('convert', { value: 12, from: 'inch' });  // `to` defaults to metre
    assert.ok(Math.abs(c.structuredContent.result - 0.3048) < 1e-9, JSON.stringify(c));

    const r = await call('regular_polygon', { sides: 4, radius: 2 });
    assert.equal(r.structuredContent.result.length, 4);
    assert.ok(Math.abs(r.structuredContent.result[1].y - 2) < 1e-9);

    const box = await call('bounding_box', { points: [{ x: 1, y: 5 }, { x: -2, y: 3 }] });
    assert.deepEqual(box.structuredContent, { result: [{ x: -2, y: 3 }, { x: 1, y: 5 }] });
    const none = await call('bounding_box', { points: [] });
    assert.deepEqual(none.structuredContent, { result: null });
  });

  it('an exception the function throws is an isError result with its message', { timeout: TIMEOUT }, async () => {
    const r = await call('measure', { polygon: { name: 'line', corners: [{ x: 0, y: 0 }, { x: 1, y: 1 }] } });
    assert.equal(r.isError, true);
    assert.match(r.content[0].text, /polygon 'line' has 2 corners; it needs at least 3/);
  });

  it('arguments outside the C++ types are refused before the call', { timeout: TIMEOUT }, async () => {
    const r = await call('regular_polygon', { sides: 200 });
    assert.equal(r.isError, true);
    const u = await call('convert', { value: 1, from: 'furlong' });
    assert.equal(u.isError, true);
  });
});
