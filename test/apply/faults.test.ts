import { describe, expect, it } from 'vitest';
import { applyPlan, type ApplyEvent } from '../../src/aws/apply/index.js';
import { seededRandom } from '../../src/sandbox/sim/random.js';
import { virtualSandbox } from './helpers/sandbox.js';
import {
  REGION,
  account,
  actionId,
  create,
  eniId,
  filter,
  greenfieldPlan,
  instance,
  nlbTarget,
  plan,
  range,
  remove,
  session,
  sessionKey,
  sessionsPerEni,
} from './helpers/world.js';

describe('applyPlan through faults and eventual consistency', () => {
  it('does not duplicate a create whose response was lost: the retry carries the same ClientToken', async () => {
    const enis = range(1, 20).map(eniId);
    const { clock, sandbox, clients } = virtualSandbox(account(range(1, 20).map((n) => instance(n))), {
      // A third of all calls fail with InternalError after the change took effect: the response is lost.
      faults: { rate: 0.3, seed: 7, afterMutationShare: 1 },
    });

    const result = await applyPlan(greenfieldPlan(enis), clients, {
      planId: 'lost',
      ...clock,
      random: seededRandom(1),
    });

    expect(sandbox.calls.faults).toBeGreaterThan(0);
    expect(result.retries).toBe(sandbox.calls.faults);
    expect(result.counts.failed).toBe(0);
    const state = sandbox.toFile().regions[REGION];
    expect(state?.trafficMirrorTargets).toHaveLength(1);
    expect(state?.trafficMirrorFilters).toHaveLength(1);
    expect(state?.trafficMirrorFilters?.[0]?.rules).toHaveLength(1);
    expect([...sessionsPerEni(sandbox.toFile()).values()]).toEqual(enis.map(() => 1));
  });

  it('converges through 5% faults and slow propagation of new ids, without duplicates', async () => {
    const count = 60;
    const enis = range(1, count).map(eniId);
    const { clock, sandbox, clients } = virtualSandbox(account(range(1, count).map((n) => instance(n))), {
      faults: { rate: 0.05, seed: 42 },
      // New targets and filters stay invisible for 3 s: sessions created right after see NotFound.
      consistencyDelayMs: 3000,
    });
    const events: ApplyEvent[] = [];

    const result = await applyPlan(
      greenfieldPlan(enis),
      clients,
      { planId: 'faults', ...clock, random: seededRandom(2), onEvent: (event) => events.push(event) },
    );

    expect(result.counts).toMatchObject({ added: count + 3, failed: 0 });
    const notFoundRetries = events.filter((e) => e.type === 'retry' && e.code.endsWith('.NotFound'));
    expect(notFoundRetries.length).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'retry' && e.code === 'InternalError')).toBe(true);
    // Every create is read back once it is visible (a replayed token may name a deleted resource).
    expect(result.apiCalls).toBe(sandbox.calls.total());
    const state = sandbox.toFile().regions[REGION];
    expect(state?.trafficMirrorTargets).toHaveLength(1);
    expect(state?.trafficMirrorFilters).toHaveLength(1);
    expect([...sessionsPerEni(sandbox.toFile()).values()]).toEqual(enis.map(() => 1));
  });

  it('gives up on a new id that stays invisible longer than the consistency window', async () => {
    const { clock, clients } = virtualSandbox(account([instance(1)]), { consistencyDelayMs: 120_000 });

    const result = await applyPlan(greenfieldPlan([eniId(1)]), clients, {
      planId: 'window',
      ...clock,
      consistencyWindowMs: 10_000,
    });

    // Past the window, an id that never shows is indistinguishable from a replay of a deleted resource, so the
    // create goes again under the next token; AWS refuses it, as the first target (still invisible) holds the NLB.
    const targetOutcome = result.outcomes.find((o) => o.actionId === actionId('target/sensors'));
    expect(targetOutcome?.status).toBe('failed');
    expect(targetOutcome?.error?.code).toBe('NlbInUseByTrafficMirrorTargetException');
    expect(targetOutcome?.error?.explanation).toContain('one mirror target per Network Load Balancer');
    expect(targetOutcome?.attempts).toBeGreaterThan(1);
    // A filter has no such rule: every generation makes another invisible one, until the executor gives up.
    const filterOutcome = result.outcomes.find((o) => o.actionId === actionId('filter/all'));
    expect(filterOutcome?.status).toBe('failed');
    expect(filterOutcome?.error?.code).toBe('ReplayedDeletedResource');
    const sessionOutcome = result.outcomes.find((o) => o.actionId === actionId(sessionKey(eniId(1))));
    expect(sessionOutcome?.status).toBe('skipped');
  });

  it('does not wait for a referenced id that existed before the apply: NotFound there is final', async () => {
    const { clock, clients } = virtualSandbox(account([instance(1)]));
    const stale = create(
      sessionKey(eniId(1)),
      session(eniId(1), { key: 'target/sensors', id: 'tmt-0000dead' }, { key: 'filter/all', id: 'tmf-0000dead' }),
    );

    const result = await applyPlan(plan([stale]), clients, { planId: 'stale', ...clock });

    expect(result.outcomes[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { code: 'TargetGone', explanation: expect.stringContaining('re-run plan') },
    });
  });

  it('counts a delete of a resource that is already gone as done', async () => {
    const { clock, sandbox, clients } = virtualSandbox(
      account([instance(1)], {
        trafficMirrorTargets: [{ id: 'tmt-0000000a', networkLoadBalancerArn: nlbTarget().networkLoadBalancerArn }],
        trafficMirrorFilters: [{ id: 'tmf-0000000a' }],
      }),
      { faults: { rate: 0.5, seed: 3, afterMutationShare: 1 } },
    );
    const actions = [
      remove(sessionKey(eniId(1)), 'tms-0000beef', session(eniId(1), { key: 't' }, { key: 'f' })),
      remove('target/sensors', 'tmt-0000000a', nlbTarget()),
      remove('filter/all', 'tmf-0000000a', filter()),
    ];

    const result = await applyPlan(plan(actions), clients, {
      planId: 'gone',
      ...clock,
      random: seededRandom(3),
    });

    expect(result.outcomes.map((o) => o.status)).toEqual(['done', 'done', 'done']);
    expect(result.counts).toMatchObject({ destroyed: 3, failed: 0 });
    const state = sandbox.toFile().regions[REGION];
    expect(state?.trafficMirrorTargets ?? []).toHaveLength(0);
    expect(state?.trafficMirrorFilters ?? []).toHaveLength(0);
  });
});
