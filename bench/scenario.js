/**
 * Runs one scenario in this process and prints its figures as one JSON line on stdout:
 *   node --expose-gc bench/scenario.js <plan|apply|cycle|validate|heal-burst|accounts-plan|accounts-apply> '<parameters as JSON>'
 * One process per scenario, so the peak RSS the kernel reports is that scenario's alone.
 */
import { peakRssMb } from './lib/memory.js';

const SCENARIOS = {
  plan: () => import('./scenarios/plan.js'),
  apply: () => import('./scenarios/apply.js'),
  cycle: () => import('./scenarios/cycle.js'),
  validate: () => import('./scenarios/validate.js'),
  'heal-burst': () => import('./scenarios/heal-burst.js'),
  'accounts-plan': () => import('./scenarios/accounts-plan.js'),
  'accounts-apply': () => import('./scenarios/accounts-apply.js'),
};

const [name = '', parameters = '{}'] = process.argv.slice(2);
const load = SCENARIOS[name];
if (load === undefined) {
  process.stderr.write(`unknown scenario "${name}"; one of: ${Object.keys(SCENARIOS).join(', ')}\n`);
  process.exit(1);
}
const { run } = await load();
const figures = await run(JSON.parse(parameters));
process.stdout.write(`${JSON.stringify({ ...figures, peakRssMb: peakRssMb() })}\n`);
