/**
 * Progress for the CLI's status line. The ETA counts the mutating calls still to make in each region against
 * that region's token bucket, since the bucket, not AWS latency, sets the pace of a large apply.
 */
import type { PlanAction } from '../../core/types/plan.js';
import { supports } from './run-action.js';
import type { Runtime } from './runtime.js';
import type { ActionStatus, ApplyProgress } from './types.js';

export class ProgressTracker {
  readonly #runtime: Runtime;
  readonly #startedAt: number;
  readonly #total: number;
  readonly #callsLeft = new Map<string, number>();
  readonly #callsLeftByRegion = new Map<string, number>();
  #done = 0;
  #failed = 0;
  #skipped = 0;

  constructor(actions: readonly PlanAction[], runtime: Runtime) {
    this.#runtime = runtime;
    this.#startedAt = runtime.now();
    this.#total = actions.length;
    for (const action of actions) {
      const calls = estimatedCalls(action);
      this.#callsLeft.set(action.id, calls);
      this.#callsLeftByRegion.set(action.region, (this.#callsLeftByRegion.get(action.region) ?? 0) + calls);
    }
  }

  /** A replace made its replacement; only the delete of the old resource is left. */
  replacementCreated(action: PlanAction): void {
    this.#settle(action, 1);
  }

  finished(action: PlanAction, status: ActionStatus): void {
    this.#settle(action, 0);
    if (status === 'done') this.#done += 1;
    else if (status === 'failed') this.#failed += 1;
    else if (status === 'skipped') this.#skipped += 1;
  }

  get elapsedMs(): number {
    return this.#runtime.now() - this.#startedAt;
  }

  snapshot(running: number): ApplyProgress {
    let slowestRate = Number.POSITIVE_INFINITY;
    let etaMs = 0;
    for (const [region, calls] of this.#callsLeftByRegion) {
      const limiter = this.#runtime.limiter(region);
      const rate = limiter.rate;
      slowestRate = Math.min(slowestRate, rate);
      etaMs = Math.max(etaMs, (Math.max(0, calls - limiter.available) / rate) * 1000);
    }
    const stats = this.#runtime.stats;
    return {
      total: this.#total,
      done: this.#done,
      failed: this.#failed,
      skipped: this.#skipped,
      running,
      apiCalls: stats.apiCalls,
      throttles: stats.throttles,
      retries: stats.retries,
      elapsedMs: this.elapsedMs,
      ratePerSecond: Number.isFinite(slowestRate) ? slowestRate : 0,
      etaMs: Math.round(etaMs),
    };
  }

  #settle(action: PlanAction, callsLeft: number): void {
    const before = this.#callsLeft.get(action.id) ?? 0;
    const after = Math.min(before, callsLeft);
    this.#callsLeft.set(action.id, after);
    this.#callsLeftByRegion.set(action.region, (this.#callsLeftByRegion.get(action.region) ?? 0) - (before - after));
  }
}

function estimatedCalls(action: PlanAction): number {
  if (!supports(action.type)) return 0;
  const networkServices = action.after?.kind === 'filter' && action.after.networkServices.length > 0 ? 1 : 0;
  switch (action.action) {
    case 'create':
      return 1 + networkServices;
    case 'replace':
      return 2 + networkServices;
    case 'update':
    case 'delete':
      return 1;
    case 'adopt': {
      const modifies = action.changes.some((change) => change.attribute !== 'tags') ? 1 : 0;
      const before = action.before?.tags ?? {};
      const after = action.after?.tags ?? {};
      const removes = Object.keys(before).some((key) => !(key in after)) ? 1 : 0;
      return modifies + 1 + removes;
    }
  }
}
