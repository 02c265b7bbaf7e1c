import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { applyPlan, type ActionOutcome } from '../../src/aws/apply/index.js';
import type { Plan, PlanAction } from '../../src/core/types/plan.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { virtualSandbox } from './helpers/sandbox.js';
import { REGION, account, eniId, greenfieldPlan, instance, range, sessionsPerEni } from './helpers/world.js';

/** What the next plan would contain: the actions not done yet, pointing at what the first run created. */
function remainingPlan(plan: Plan, outcomes: readonly ActionOutcome[]): Plan {
  const done = new Map<string, string>();
  for (const [index, outcome] of outcomes.entries()) {
    const action = plan.actions[index];
    if (action !== undefined && outcome.status === 'done' && outcome.resourceId !== undefined) {
      done.set(action.key, outcome.resourceId);
    }
  }
  const withId = (ref: { key: string; id?: string }) => {
    const id = ref.id ?? done.get(ref.key);
    return id === undefined ? ref : { ...ref, id };
  };
  const pending = plan.actions.filter((_, index) => outcomes[index]?.status !== 'done');
  const pendingIds = new Set(pending.map((action) => action.id));
  const actions = pending.map((action): PlanAction => {
    const after = action.after;
    const resolved =
      after?.kind === 'session'
        ? { ...after, target: withId(after.target), filter: withId(after.filter) }
        : after?.kind === 'filter-rule'
          ? { ...after, filter: withId(after.filter) }
          : after;
    return {
      ...action,
      ...(resolved === undefined ? {} : { after: resolved }),
      dependsOn: action.dependsOn.filter((id) => pendingIds.has(id)),
    };
  });
  return { ...plan, actions };
}

describe('applyPlan interruption', () => {
  it('starts nothing new once stopped, finishes what is in flight, and a re-run converges', async () => {
    const count = 40;
    const { clock, sandbox, clients } = virtualSandbox(account(range(1, count).map((n) => instance(n))));
    const plan = greenfieldPlan(range(1, count).map(eniId));
    const controller = new AbortController();
    let done = 0;

    const first = await applyPlan(plan, clients, {
      planId: 'interrupted',
      ...clock,
      concurrency: 4,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'done' && ++done === 10) controller.abort();
      },
    });

    expect(first.interrupted).toBe(true);
    const statuses = first.outcomes.map((o) => o.status);
    expect(statuses).not.toContain('failed');
    // The three calls in flight when the 10th finished were let finish.
    expect(first.counts.added).toBe(13);
    expect(first.counts.notStarted).toBe(plan.actions.length - 13);
    const created = new Set(sandbox.toFile().regions[REGION]?.trafficMirrorSessions?.map((s) => s.id));
    const doneSessions = first.outcomes.filter((o) => o.status === 'done' && o.actionId.includes('/session/'));
    expect(created).toEqual(new Set(doneSessions.map((o) => o.resourceId)));
    expect(first.outcomes.filter((o) => o.status === 'not-started').every((o) => o.attempts === 0)).toBe(true);

    const rest = remainingPlan(plan, first.outcomes);
    const second = await applyPlan(rest, clients, { planId: 'resumed', ...clock });

    expect(second.interrupted).toBe(false);
    expect(second.counts).toMatchObject({ added: rest.actions.length, failed: 0 });
    expect([...sessionsPerEni(sandbox.toFile()).values()]).toEqual(range(1, count).map(() => 1));
    expect(sandbox.toFile().regions[REGION]?.trafficMirrorTargets).toHaveLength(1);
  });

  it('does nothing when stopped before it starts', async () => {
    const { clock, sandbox, clients } = virtualSandbox(account([instance(1)]));

    const result = await applyPlan(greenfieldPlan([eniId(1)]), clients, {
      planId: 'never',
      ...clock,
      signal: AbortSignal.abort(),
    });

    expect(result.interrupted).toBe(true);
    expect(result.outcomes.every((o) => o.status === 'not-started')).toBe(true);
    expect(result.apiCalls).toBe(0);
    expect(sandbox.calls.total()).toBe(0);
  });

  it('finishes the attempt in flight but starts no retry', async () => {
    // Every call fails with InternalError before taking effect.
    const { clock, sandbox, clients } = virtualSandbox(account([instance(1)]), { faults: { rate: 1, seed: 1 } });
    const controller = new AbortController();

    const result = await applyPlan(greenfieldPlan([eniId(1)]), clients, {
      planId: 'stop-retry',
      ...clock,
      concurrency: 1,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'retry') controller.abort();
      },
    });

    expect(result.interrupted).toBe(true);
    expect(result.outcomes[0]).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'Interrupted' } });
    expect(result.outcomes.slice(1).every((o) => o.status === 'not-started')).toBe(true);
    expect(sandbox.calls.total()).toBe(1);
  });

  it('keeps one abort listener however many actions wait on real timers (no MaxListeners warning)', async () => {
    const count = 40;
    // Half the calls fail with InternalError, so many of the sixteen workers sit in a backoff at once.
    const sandbox = createSandbox(account(range(1, count).map((n) => instance(n))), { faults: { rate: 0.5, seed: 3 } });
    const controller = new AbortController();
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.name);
    process.on('warning', onWarning);
    let mostListeners = 0;
    try {
      const result = await applyPlan(greenfieldPlan(range(1, count).map(eniId)), { ec2: (region) => sandbox.ec2(region) }, {
        planId: 'many-waiting',
        concurrency: 16,
        maxRate: 10_000,
        random: () => 0.01,
        signal: controller.signal,
        onEvent: () => {
          mostListeners = Math.max(mostListeners, getEventListeners(controller.signal, 'abort').length);
        },
      });
      await new Promise((resolve) => setImmediate(resolve));
      // Every outcome done: a failure here names the action and why, not just a count.
      expect(result.outcomes.filter((outcome) => outcome.status !== 'done')).toEqual([]);
      expect(result.counts).toMatchObject({ added: count + 3, failed: 0 });
      expect(result.retries).toBeGreaterThan(16);
    } finally {
      process.off('warning', onWarning);
    }
    expect(mostListeners).toBeLessThanOrEqual(1);
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});
