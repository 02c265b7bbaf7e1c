/**
 * The apply executor, mirrorctl's write edge: converges AWS to a plan at EC2's mutating rate limit, through
 * throttling, faults, eventual consistency and interruption, without duplicating anything.
 */
import type { Plan } from '../../core/types/plan.js';
import { buildGraph } from './graph.js';
import { ownershipGuard } from './ownership-guard.js';
import { Runtime } from './runtime.js';
import { Scheduler } from './scheduler.js';
import type { ActionOutcome, ApplyCounts, ApplyOptions, ApplyResult, Ec2Clients } from './types.js';

export type {
  ActionError,
  ActionOutcome,
  ActionStatus,
  ApplyCounts,
  ApplyEvent,
  ApplyOptions,
  ApplyProgress,
  ApplyResult,
  Ec2Clients,
  StopReason,
} from './types.js';

export { RegionPacers, type PacerOptions } from './pacers.js';

const DEFAULT_CONCURRENCY = 16;

/**
 * Applies `plan`. Never throws for what AWS answers: each action's fate is in its outcome. Throws a UserError
 * for a plan whose dependencies cannot be ordered (before any call), and rethrows an error of `onEvent` once
 * the apply is over.
 */
export async function applyPlan(plan: Plan, clients: Ec2Clients, options: ApplyOptions): Promise<ApplyResult> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a whole number of at least 1, not ${concurrency}`);
  }
  const graph = buildGraph(plan.actions);
  const runtime = new Runtime(clients, options);
  const scheduler = new Scheduler(graph, runtime, {
    policyName: plan.policyName,
    concurrency,
    guard: ownershipGuard(options.ownership),
  });
  const outcomes = await scheduler.run();
  if (runtime.listenerError !== undefined) throw runtime.listenerError;
  // A signal that came once everything had run stopped nothing; a refusal of the credentials always did.
  const cutShort = outcomes.some((outcome) => outcome.status === 'not-started' || outcome.error?.code === 'Interrupted');
  const stoppedBy = runtime.stoppedBy === 'auth' || cutShort ? runtime.stoppedBy : undefined;
  return {
    outcomes,
    counts: countOutcomes(plan, outcomes),
    apiCalls: runtime.stats.apiCalls,
    throttles: runtime.stats.throttles,
    retries: runtime.stats.retries,
    durationMs: Math.round(scheduler.elapsedMs),
    interrupted: stoppedBy === 'signal',
    ...(stoppedBy === undefined ? {} : { stoppedBy }),
    ...(runtime.authFailure === undefined ? {} : { authFailure: runtime.authFailure }),
  };
}

function countOutcomes(plan: Plan, outcomes: readonly ActionOutcome[]): ApplyCounts {
  const counts = { added: 0, changed: 0, destroyed: 0, failed: 0, skipped: 0, notStarted: 0 };
  let adopted = 0;
  outcomes.forEach((outcome, index) => {
    const kind = plan.actions[index]?.action;
    if (outcome.status === 'failed') counts.failed += 1;
    else if (outcome.status === 'skipped') counts.skipped += 1;
    else if (outcome.status === 'not-started') counts.notStarted += 1;
    else if (kind === 'create') counts.added += 1;
    else if (kind === 'update') counts.changed += 1;
    else if (kind === 'delete') counts.destroyed += 1;
    else if (kind === 'replace') {
      counts.added += 1;
      counts.destroyed += 1;
    } else if (kind === 'adopt') adopted += 1;
  });
  return adopted === 0 ? counts : { adopted, ...counts };
}
