#!/usr/bin/env node
// Reads the checks.json files that `conformance server -o DIR` wrote and judges them strictly:
// any FAILURE or any WARNING fails (the conformance CLI itself ignores warnings unless given a
// baseline). Usage: node check-results.mjs DIR [--expect-scenarios N] [--allow-warnings]
// Prints a per-status tally, every non-passing check, and exits 0 (clean) or 1.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const dir = args[0];
let expectScenarios = 0;
let allowWarnings = false;
for (let i = 1; i < args.length; i++) {
  if (args[i] === '--expect-scenarios') expectScenarios = Number(args[++i]);
  else if (args[i] === '--allow-warnings') allowWarnings = true;
  else { console.error(`check-results: unknown argument ${args[i]}`); process.exit(2); }
}
if (!dir || !existsSync(dir)) { console.error(`check-results: no results directory ${dir}`); process.exit(2); }

// Directory names are server-<scenario>-<ISO timestamp with ':' and '.' replaced by '-'>.
const scenarioOf = (name) => name.replace(/^server-/, '').replace(/-\d{4}-\d{2}-\d{2}T[\d-]+Z$/, '');
const counts = { SUCCESS: 0, FAILURE: 0, WARNING: 0, SKIPPED: 0, INFO: 0 };
const bad = [];
const scenarios = [];
const problems = [];
for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
  if (!entry.isDirectory()) continue;
  const file = join(dir, entry.name, 'checks.json');
  const scenario = scenarioOf(entry.name);
  scenarios.push(scenario);
  if (!existsSync(file)) { problems.push(`${scenario}: no checks.json`); continue; }
  let checks;
  try { checks = JSON.parse(readFileSync(file, 'utf8')); } catch (e) { problems.push(`${scenario}: unreadable checks.json (${e.message})`); continue; }
  if (!Array.isArray(checks) || checks.length === 0) { problems.push(`${scenario}: no checks recorded`); continue; }
  for (const c of checks) {
    counts[c.status] = (counts[c.status] ?? 0) + 1;
    if (c.status === 'FAILURE' || c.status === 'WARNING') bad.push({ scenario, ...c });
  }
}
if (scenarios.length === 0) problems.push('no scenario results were written');
if (expectScenarios > 0 && scenarios.length !== expectScenarios) {
  problems.push(`expected ${expectScenarios} scenario results, found ${scenarios.length}`);
}
const dup = scenarios.filter((s, i) => scenarios.indexOf(s) !== i);
if (dup.length) problems.push(`scenarios with more than one result directory (stale output dir?): ${[...new Set(dup)].join(', ')}`);

for (const c of bad) {
  const why = c.errorMessage ?? (c.details ? JSON.stringify(c.details) : c.description ?? '');
  console.log(`  ${c.status.padEnd(7)} ${c.scenario} / ${c.id}: ${String(why).slice(0, 400)}`);
}
for (const p of problems) console.log(`  PROBLEM ${p}`);
console.log(`conformance checks: ${scenarios.length} scenarios; ${counts.SUCCESS} success, ${counts.FAILURE} failure, ` +
            `${counts.WARNING} warning, ${counts.INFO} info, ${counts.SKIPPED} skipped`);
const failed = counts.FAILURE > 0 || problems.length > 0 || (!allowWarnings && counts.WARNING > 0);
if (!allowWarnings && counts.WARNING > 0) console.log('conformance: WARNING checks count as failures here (0 warnings required)');
process.exit(failed ? 1 : 0);
