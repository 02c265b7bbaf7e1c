/**
 * `npm run bench`: mirrorctl's speed, API cost and memory at account scale, measured on the built code in
 * dist/ against the in-process EC2 simulator. Each scenario runs in its own process (bench/scenario.js).
 *
 *   node --expose-gc bench/run.js [--quick] [--only=id,id]
 *
 * --quick runs tiny sizes to check the harness; --only runs some scenarios (ids in bench/suite.js). Only a
 * full run writes bench/results.json; the others write bench/results.local.json. Exits 1 when a scenario
 * fails or a target is missed.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runScenario } from './lib/child.js';
import { machineInfo } from './lib/machine.js';
import { growthTable, scenarioBlock } from './lib/report.js';
import { suite } from './suite.js';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

function usageError(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
}

function parseArguments(args) {
  const options = { quick: false, only: undefined };
  for (const arg of args) {
    if (arg === '--quick') options.quick = true;
    else if (arg.startsWith('--only=')) options.only = arg.slice('--only='.length).split(',');
    else usageError(`unknown argument ${arg}; usage: node bench/run.js [--quick] [--only=id,id]`);
  }
  return options;
}

function selectEntries(options) {
  const entries = suite(options);
  if (options.only === undefined) return entries;
  const unknown = options.only.filter((id) => !entries.some((entry) => entry.id === id));
  if (unknown.length > 0) {
    usageError(`unknown scenario ${unknown.join(', ')}; ids: ${entries.map((entry) => entry.id).join(', ')}`);
  }
  return entries.filter((entry) => options.only.includes(entry.id));
}

async function measure(entries) {
  const outcomes = new Map();
  const figuresById = new Map();
  for (const entry of entries) {
    process.stderr.write(`running ${entry.title}… `);
    const start = performance.now();
    const outcome = await runScenario(entry.scenario, entry.params);
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    process.stderr.write(`${outcome.error === undefined ? '' : 'FAILED '}(${seconds} s)\n`);
    if (outcome.error !== undefined) {
      outcomes.set(entry.id, outcome);
      continue;
    }
    figuresById.set(entry.id, outcome.figures);
    outcomes.set(entry.id, { figures: outcome.figures, checks: entry.checks(outcome.figures, figuresById) });
  }
  return outcomes;
}

function print(entries, outcomes, machine) {
  const lines = [
    `mirrorctl bench: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGB} GB, Node ${machine.node}, ` +
      `load ${machine.loadAverage1m}, commit ${machine.gitCommit.slice(0, 12)}` +
      (machine.gitDirty ? ' + uncommitted changes' : ''),
  ];
  const growth = entries.filter((entry) => entry.growth);
  for (const entry of entries) {
    if (entry.growth && entry !== growth[0]) continue;
    lines.push('', ...(entry.growth ? growthTable(growth, outcomes) : scenarioBlock(entry, outcomes.get(entry.id))));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function problemsOf(entries, outcomes) {
  return entries.flatMap((entry) => {
    const outcome = outcomes.get(entry.id);
    if (outcome.error !== undefined) return [`${entry.title}: the scenario failed`];
    return outcome.checks
      .filter((check) => !check.pass)
      .map((check) => `${entry.title}: ${check.label} missed ${check.target}`);
  });
}

const options = parseArguments(process.argv.slice(2));
if (!existsSync(here('../dist/cli/main.js'))) usageError('dist/ is missing; run `npm run build` first (`npm run bench` does).');
const entries = selectEntries(options);
const machine = machineInfo();
const outcomes = await measure(entries);
print(entries, outcomes, machine);

const problems = problemsOf(entries, outcomes);
const full = !options.quick && options.only === undefined;
const resultsFile = here(full ? './results.json' : './results.local.json');
const results = {
  mode: options.quick ? 'quick' : 'full',
  machine,
  passed: problems.length === 0,
  problems,
  scenarios: entries.map((entry) => ({
    id: entry.id,
    title: entry.title,
    scenario: entry.scenario,
    params: entry.params,
    ...outcomes.get(entry.id),
  })),
};
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`\nfigures written to ${resultsFile}\n`);
if (problems.length > 0) {
  const list = problems.map((problem) => `  - ${problem}`).join('\n');
  process.stdout.write(`\nBENCH FAILED (${problems.length}):\n${list}\n`);
  process.exitCode = 1;
}
