import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/aws/apply/index.js';
import { planToken } from '../../src/planfile/tokens.js';
import { virtualSandbox } from './helpers/sandbox.js';
import {
  REGION,
  account,
  eniId,
  eniTarget,
  greenfieldPlan,
  instance,
  plan,
  range,
  replace,
  sessionsPerEni,
} from './helpers/world.js';

describe('applyPlan client tokens', () => {
  it('derives every create token from the plan id and the action id', async () => {
    const { clock, sandbox, clients } = virtualSandbox(account(range(1, 3).map((n) => instance(n))));
    const greenfield = greenfieldPlan(range(1, 3).map(eniId));

    await applyPlan(greenfield, clients, { planId: 'plan-a', ...clock });

    const tokens = sandbox.toFile().regions[REGION]?.internal?.clientTokens?.map((t) => t.token) ?? [];
    expect(tokens.sort()).toEqual(greenfield.actions.map((a) => planToken('plan-a', a.id)).sort());
    for (const token of tokens) expect(token).toMatch(/^mc-[0-9a-f]{61}$/);
  });

  it('salts the create of a replace with ":create"', async () => {
    const { clock, sandbox, clients } = virtualSandbox(
      account([instance(100, 'c5.xlarge'), instance(101, 'c5.xlarge')], {
        trafficMirrorTargets: [{ id: 'tmt-0000000a', networkInterfaceId: eniId(100) }],
      }),
    );
    const swap = replace('target/sensors', 'tmt-0000000a', eniTarget(eniId(100)), eniTarget(eniId(101)), []);

    await applyPlan(plan([swap]), clients, { planId: 'plan-r', ...clock });

    const tokens = sandbox.toFile().regions[REGION]?.internal?.clientTokens?.map((t) => t.token);
    expect(tokens).toEqual([planToken('plan-r', `${swap.id}:create`)]);
  });

  it('returns the same resources when the same plan is applied again', async () => {
    const { clock, sandbox, clients } = virtualSandbox(account(range(1, 5).map((n) => instance(n))));
    const greenfield = greenfieldPlan(range(1, 5).map(eniId));

    const first = await applyPlan(greenfield, clients, { planId: 'same', ...clock });
    const again = await applyPlan(greenfield, clients, { planId: 'same', ...clock });

    expect(again.counts.failed).toBe(0);
    expect(again.outcomes.map((o) => o.resourceId)).toEqual(first.outcomes.map((o) => o.resourceId));
    const state = sandbox.toFile().regions[REGION];
    expect(state?.trafficMirrorTargets).toHaveLength(1);
    expect(state?.trafficMirrorFilters?.[0]?.rules).toHaveLength(1);
    expect([...sessionsPerEni(sandbox.toFile()).values()]).toEqual(range(1, 5).map(() => 1));
  });
});
