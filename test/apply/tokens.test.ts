import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/aws/apply/index.js';
import { virtualSandbox } from './helpers/sandbox.js';
import {
  REGION,
  account,
  create,
  eniId,
  greenfieldPlan,
  instance,
  plan,
  range,
  remove,
  sessionsPerEni,
  nlbTarget,
} from './helpers/world.js';

const regionOf = (file: ReturnType<ReturnType<typeof virtualSandbox>['sandbox']['toFile']>) => file.regions[REGION];

describe('applyPlan client tokens', () => {
  it('derives every create token from what is created, so two plans of the same creates make one set', async () => {
    const { clock, sandbox, clients } = virtualSandbox(account(range(1, 3).map((n) => instance(n))));
    const greenfield = greenfieldPlan(range(1, 3).map(eniId));

    const first = await applyPlan(greenfield, clients, { planId: 'plan-a', ...clock });
    // A second run that decided the same creates (another CI job, a run after kill -9) under another plan id.
    const second = await applyPlan(greenfield, clients, { planId: 'plan-b', ...clock });

    expect(second.counts.failed).toBe(0);
    expect(second.outcomes.map((o) => o.resourceId)).toEqual(first.outcomes.map((o) => o.resourceId));
    const state = regionOf(sandbox.toFile());
    expect(state?.trafficMirrorTargets).toHaveLength(1);
    expect(state?.trafficMirrorFilters).toHaveLength(1);
    expect(state?.trafficMirrorFilters?.[0]?.rules).toHaveLength(1);
    expect([...sessionsPerEni(sandbox.toFile()).values()]).toEqual([1, 1, 1]);
    for (const token of state?.internal?.clientTokens ?? []) expect(token.token).toMatch(/^mc-[0-9a-f]{61}$/);
  });

  it('creates again under the next token generation when the token replays a deleted resource', async () => {
    const { clock, sandbox, clients } = virtualSandbox(account([instance(1)]));
    const make = plan([create('target/sensors', nlbTarget())]);

    const made = await applyPlan(make, clients, { ...clock });
    const firstId = made.outcomes[0]?.resourceId ?? '';
    await applyPlan(plan([remove('target/sensors', firstId, nlbTarget())]), clients, { ...clock });
    // Same content, same first token: EC2 replays the deleted target's id.
    const again = await applyPlan(make, clients, { ...clock });

    const secondId = again.outcomes[0]?.resourceId;
    expect(again.outcomes[0]?.status).toBe('done');
    expect(secondId).not.toBe(firstId);
    expect(regionOf(sandbox.toFile())?.trafficMirrorTargets?.map((t) => t.id)).toEqual([secondId]);
  });

  it('agrees on the next generation across runs: two runs that meet the same replay make one resource', async () => {
    const { clock, sandbox, clients } = virtualSandbox(account([instance(1)]));
    const make = plan([create('target/sensors', nlbTarget())]);
    const made = await applyPlan(make, clients, { ...clock });
    await applyPlan(plan([remove('target/sensors', made.outcomes[0]?.resourceId ?? '', nlbTarget())]), clients, clock);

    const [one, two] = await Promise.all([applyPlan(make, clients, clock), applyPlan(make, clients, clock)]);

    expect([one.counts.failed, two.counts.failed]).toEqual([0, 0]);
    expect(one.outcomes[0]?.resourceId).toBe(two.outcomes[0]?.resourceId);
    expect(regionOf(sandbox.toFile())?.trafficMirrorTargets).toHaveLength(1);
  });
});
