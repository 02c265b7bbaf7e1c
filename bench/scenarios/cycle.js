/**
 * A full plan + apply cycle on the apply scenarios' account once mirrorctl has converged it: it must change
 * nothing. Converging it with mirrorctl itself (not the generator's imitation of its sessions) means the
 * cycle reads back exactly what apply writes.
 */
import { applyPlan } from '../../dist/aws/apply/index.js';
import { createAwsClients } from '../../dist/aws/clients.js';
import { createSandbox } from '../../dist/sandbox/index.js';
import { buildAccount } from '../lib/account.js';
import { assertCreatesAll, discoverAndPlan, planFigures } from '../lib/observe.js';
import { failures } from '../lib/verify-apply.js';
import { bucketOf, sandboxOptions } from '../lib/realism.js';

// Converging is set-up, not measured: without simulated throttling the executor need not pace itself.
const UNPACED = 1_000_000;

async function convergedAccount(params) {
  const { sandbox, policy, shape } = buildAccount(params, {});
  const { plan } = await discoverAndPlan(sandbox, policy);
  assertCreatesAll(plan, shape, 'plan before converging');
  const clients = createAwsClients({ sandbox, maxAttempts: 1 });
  const result = await applyPlan(plan, clients, {
    planId: `bench-${params.seed}`,
    maxRate: UNPACED,
    burst: UNPACED,
  }).finally(() => clients.destroy());
  const { failed, failureCodes } = failures(result);
  if (failed > 0) throw new Error(`converging the account failed ${failed} actions: ${JSON.stringify(failureCodes)}`);
  return { file: sandbox.toFile(), policy, shape };
}

export async function run(params) {
  const { file, policy, shape } = await convergedAccount(params);
  const sandbox = createSandbox(file, sandboxOptions(params));
  const start = performance.now();
  const measured = await discoverAndPlan(sandbox, policy);
  const readCalls = measured.figures.calls;
  // Discovery reset the counters as it started; from there they cover the whole cycle, reads and writes.
  const clients = createAwsClients({ sandbox, maxAttempts: 1 });
  const bucket = bucketOf(params);
  const result = await applyPlan(measured.plan, clients, {
    planId: `bench-${params.seed}`,
    maxRate: bucket.rate,
    burst: bucket.burst,
  }).finally(() => clients.destroy());
  return {
    shape,
    plan: planFigures(measured.plan),
    wallMs: performance.now() - start,
    readCalls,
    totalCalls: sandbox.calls.total(),
    mutatingCalls: sandbox.calls.mutating(),
    byAction: { ...sandbox.calls.byAction },
    ...failures(result),
  };
}
