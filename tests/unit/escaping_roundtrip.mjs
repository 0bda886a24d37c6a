// Starts a generated server over stdio and checks that every string of its spec comes back
// intact: serverInfo, tools/list (names, titles, descriptions, parameter descriptions, enum
// values, defaults, patterns), resources, resource templates, prompts and prompts/get (with
// argument values and defaults filled in), enum values offered by completion/complete, and
// that a tools/call with the spec's own enum value and default passes validation.
// Usage: node escaping_roundtrip.mjs SPEC.json COMMAND [ARG...]   (exit 0: all intact)
// Run by tests/unit/escape_test.cc (EscapingEndToEnd) for the C++ and TypeScript servers.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [specPath, command, ...args] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, 'utf8'));
const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
const waiting = new Map();
createInterface({ input: child.stdout }).on('line', (line) => {
  const message = JSON.parse(line);
  const resolve = waiting.get(message.id);
  if (resolve) {
    waiting.delete(message.id);
    resolve(message);
  }
});
let nextId = 1;
function request(method, params = {}) {
  const id = nextId++;
  child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
  return new Promise((resolve, reject) => {
    waiting.set(id, resolve);
    setTimeout(() => reject(new Error(`no answer to ${method} in 20 s`)), 20_000).unref();
  });
}
async function result(method, params) {
  const answer = await request(method, params);
  assert.equal(answer.error, undefined, `${method}: ${JSON.stringify(answer.error)}`);
  return answer.result;
}
const byKey = (items, key) => Object.fromEntries(items.map((item) => [item[key], item]));
let checked = 0;
function same(actual, expected, what) {
  assert.deepEqual(actual, expected, what);
  checked++;
}

try {
  const init = await result('initialize', {
    protocolVersion: '2025-11-25',
    capabilities: {},
    clientInfo: { name: 'escaping-roundtrip', version: '1.0.0' },
  });
  child.stdin.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n');
  same(init.serverInfo.name, spec.name, 'serverInfo.name');
  same(init.serverInfo.version, spec.version, 'serverInfo.version');
  if (spec.title !== undefined) same(init.serverInfo.title, spec.title, 'serverInfo.title');

  const tools = byKey((await result('tools/list')).tools, 'name');
  for (const tool of spec.tools ?? []) {
    const listed = tools[tool.name];
    assert.ok(listed, `tool ${JSON.stringify(tool.name)} is listed`);
    if (tool.title !== undefined) same(listed.title, tool.title, `tool ${tool.name}: title`);
    same(listed.description, tool.description, `tool ${tool.name}: description`);
    const call = {};
    for (const [key, param] of Object.entries(tool.parameters ?? {})) {
      const schema = listed.inputSchema.properties[key];
      assert.ok(schema !== undefined && Object.hasOwn(listed.inputSchema.properties, key), `parameter ${JSON.stringify(key)} is listed`);
      for (const field of ['description', 'enum', 'default', 'pattern']) {
        if (param[field] !== undefined) same(schema[field], param[field], `parameter ${JSON.stringify(key)}: ${field}`);
      }
      if (param.default !== undefined) call[key] = param.default;
      else if (param.example !== undefined) call[key] = param.example;
    }
    for (const [key, prop] of Object.entries(tool.returns?.properties ?? {})) {
      same(listed.outputSchema.properties[key].description, prop.description, `returns ${key}: description`);
    }
    // Valid arguments reach the handler (which is not written: an error result saying so).
    const called = await result('tools/call', { name: tool.name, arguments: call });
    assert.equal(called.isError, true, JSON.stringify(called));
    assert.match(called.content[0].text, /not (yet )?implemented/, JSON.stringify(called));
    checked++;
  }

  const resources = byKey((await result('resources/list')).resources, 'uri');
  for (const resource of spec.resources ?? []) {
    const listed = resources[resource.uri];
    assert.ok(listed, `resource ${JSON.stringify(resource.uri)} is listed`);
    for (const field of ['name', 'title', 'description']) {
      if (resource[field] !== undefined) same(listed[field], resource[field], `resource ${resource.uri}: ${field}`);
    }
    if (resource.handler) continue;  // its content is the handler's, not written here
    const read = await result('resources/read', { uri: resource.uri });
    same(read.contents[0].text, resource.text, `resource ${resource.uri}: text`);
  }

  const templates = byKey((await result('resources/templates/list')).resourceTemplates, 'uriTemplate');
  for (const template of spec.resourceTemplates ?? []) {
    const listed = templates[template.uriTemplate];
    assert.ok(listed, `resource template ${JSON.stringify(template.uriTemplate)} is listed`);
    for (const field of ['name', 'title', 'description']) {
      if (template[field] !== undefined) same(listed[field], template[field], `template ${template.uriTemplate}: ${field}`);
    }
    for (const [name, variable] of Object.entries(template.variables ?? {})) {
      if (variable.enum === undefined) continue;
      const offered = await result('completion/complete', {
        ref: { type: 'ref/resource', uri: template.uriTemplate }, argument: { name, value: '' },
      });
      same(offered.completion.values, variable.enum, `template variable ${name}: enum offered`);
    }
  }

  const prompts = byKey((await result('prompts/list')).prompts, 'name');
  for (const prompt of spec.prompts ?? []) {
    const listed = prompts[prompt.name];
    assert.ok(listed, `prompt ${JSON.stringify(prompt.name)} is listed`);
    if (prompt.description !== undefined) same(listed.description, prompt.description, `prompt ${prompt.name}: description`);
    const given = {};
    const required = {};
    for (const [i, argument] of (prompt.arguments ?? []).entries()) {
      same(listed.arguments[i].name, argument.name, `prompt argument ${i}: name`);
      same(listed.arguments[i].description, argument.description, `prompt argument ${i}: description`);
      given[argument.name] = argument.enum?.[0] ?? 'x';
      if (argument.required) required[argument.name] = 'x';
      if (argument.enum !== undefined) {
        const offered = await result('completion/complete', {
          ref: { type: 'ref/prompt', name: prompt.name }, argument: { name: argument.name, value: '' },
        });
        same(offered.completion.values, argument.enum, `prompt argument ${argument.name}: enum offered`);
      }
    }
    // A message of placeholders only ("{{s}}{{d}}") shows the values filled in: given, else defaults.
    const filled = (values) => (text) => text.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (_m, name) => values[name] ?? '');
    const defaults = Object.fromEntries((prompt.arguments ?? []).map((a) => [a.name, a.default]));
    for (const [args, values] of [[given, given], [required, { ...defaults, ...required }]]) {
      const got = await result('prompts/get', { name: prompt.name, arguments: args });
      for (const [i, message] of (prompt.messages ?? []).entries()) {
        const expected = /^(\{\{[^{}]+\}\})+$/.test(message.text) ? filled(values)(message.text) : message.text;
        same(got.messages[i].content.text, expected, `prompt ${prompt.name}: message ${i}`);
      }
    }
  }
  console.log(`${checked} strings and calls intact`);
} catch (err) {
  console.error(err.message);
  process.exitCode = 1;
} finally {
  child.kill();
}
