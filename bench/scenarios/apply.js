/**
 * `mirrorctl apply` creating a session on every interface of a region, against the simulator's EC2 token
 * buckets (scaled), per-call latency and, optionally, injected faults and eventual consistency.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { applyPlan } from '../../dist/aws/apply/index.js';
import { createAwsClients } from '../../dist/aws/clients.js';
import { buildAccount } from '../lib/account.js';
import { assertCreatesAll, discoverAndPlan, planFigures } from '../lib/observe.js';
import { failures, ownedSessions } from '../lib/verify-apply.js';
import { bucketOf, sandboxOptions } from '../lib/realism.js';

export async function run(params) {
  const { sandbox, policy, shape } = buildAccount(params, sandboxOptions(params));
  const { plan } = await discoverAndPlan(sandbox, policy);
  assertCreatesAll(plan, shape, 'plan before the apply');

  const bucket = bucketOf(params);
  const clients = createAwsClients({ sandbox, maxAttempts: 1 });
  // Why the executor retried, by AWS error code: tells injected faults from eventual consistency.
  const retryCodes = {};
  const countRetry = (event) => {
    if (event.type === 'retry') retryCodes[event.code] = (retryCodes[event.code] ?? 0) + 1;
  };
  sandbox.calls.reset();
  const start = performance.now();
  const result = await applyPlan(plan, clients, {
    planId: `bench-${params.seed}`,
    ...(params.concurrency === undefined ? {} : { concurrency: params.concurrency }),
    maxRate: bucket.rate,
    burst: bucket.burst,
    readRate: bucket.readRate,
    readBurst: bucket.readBurst,
    onEvent: countRetry,
  }).finally(() => clients.destroy());
  const wallMs = performance.now() - start;
  const mutatingCalls = sandbox.calls.mutating();
  const minimumMs = (Math.max(0, mutatingCalls - bucket.burst) / bucket.rate) * 1000;

  const sessions = ownedSessions(sandbox.toFile());
  const figures = {
    shape,
    plan: planFigures(plan),
    bucket,
    wallMs,
    minimumMs,
    ratio: minimumMs > 0 ? wallMs / minimumMs : null,
    mutatingCalls,
    byAction: { ...sandbox.calls.byAction },
    simulatorThrottled: sandbox.calls.throttled,
    simulatorFaults: sandbox.calls.faults,
    counts: result.counts,
    apiCalls: result.apiCalls,
    throttles: result.throttles,
    retries: result.retries,
    retryCodes,
    ...failures(result),
    ownedSessions: sessions.owned,
    duplicates: sessions.duplicates,
  };
  if (!params.replan) return figures;

  // A later `mirrorctl plan` comes after the sessions have become visible; one just after them would not see them.
  await sleep(params.consistencyDelayMs ?? 0);
  const again = await discoverAndPlan(sandbox, policy);
  return { ...figures, replan: planFigures(again.plan) };
}
