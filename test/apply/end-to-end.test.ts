import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/aws/apply/index.js';
import { createAwsClients, type AwsClients } from '../../src/aws/clients.js';
import { discover } from '../../src/aws/discover/index.js';
import { planChanges } from '../../src/core/planner/index.js';
import type { Plan } from '../../src/core/types/plan.js';
import type { Policy, PolicyRule } from '../../src/core/types/policy.js';
import { seededRandom } from '../../src/sandbox/sim/random.js';
import type { VirtualClock } from './helpers/clock.js';
import { virtualSandbox } from './helpers/sandbox.js';
import { NLB_ARN, POLICY, REGION, SUBNET, VPC, account, instance, range, sessionsPerEni } from './helpers/world.js';

const everything = (number: number, cidr: string): PolicyRule => ({
  number,
  action: 'accept',
  source: cidr,
  destination: cidr,
});

function policy(targetDescription: string, networkLoadBalancerArn = NLB_ARN): Policy {
  return {
    version: 1,
    name: POLICY,
    regions: [REGION],
    targets: {
      sensors: {
        name: 'sensors',
        spec: { kind: 'network-load-balancer', networkLoadBalancerArn },
        description: targetDescription,
        region: REGION,
      },
    },
    filters: {
      everything: {
        name: 'everything',
        description: 'all traffic',
        networkServices: ['amazon-dns'],
        ingress: [everything(100, '0.0.0.0/0'), everything(200, '::/0')],
        egress: [everything(100, '0.0.0.0/0')],
      },
    },
    vpcs: [
      {
        key: VPC,
        selector: { kind: 'id', vpcId: VPC },
        target: 'sensors',
        filter: 'everything',
        interfaces: 'all',
      },
    ],
    exclude: { instanceIds: [], networkInterfaceIds: [], tags: {} },
    instanceSupport: { allow: [], deny: [] },
    sessionHourlyRates: {},
  };
}

async function planFor(clients: AwsClients, clock: VirtualClock, desired: Policy): Promise<Plan> {
  // Let what the last apply created become visible to Describe first.
  await clock.sleep(10_000);
  return planChanges(desired, await discover(clients, { regions: [REGION] }));
}

describe('plan → apply → plan against the sandbox', () => {
  it("converges in one run at EC2's real rate limits, through 5% faults and eventual consistency, without duplicates", async () => {
    const instances = 80;
    const { clock, sandbox } = virtualSandbox(account(range(1, instances).map((n) => instance(n))), {
      throttle: { factor: 1 },
      faults: { rate: 0.05, seed: 23, afterMutationShare: 0.5 },
      consistencyDelayMs: 2000,
    });
    const clients = createAwsClients({ sandbox, maxAttempts: 8 });

    const initial = await planFor(clients, clock, policy('sensors'));
    expect(initial.summary.create).toBeGreaterThan(50); // beyond EC2's mutating burst: pacing decides
    const result = await applyPlan(initial, clients, { planId: 'limits', ...clock, random: seededRandom(4) });

    expect(result.counts).toMatchObject({ failed: 0, skipped: 0, notStarted: 0, added: initial.summary.create });
    expect(sandbox.calls.faults).toBeGreaterThan(0);
    expect([...sessionsPerEni(sandbox.toFile()).values()]).toEqual(range(1, instances).map(() => 1));
    expect((await planFor(clients, clock, policy('sensors'))).actions).toEqual([]);
  });

  it('converges, then moves every session to a target on another NLB before deleting the old one', async () => {
    // AWS holds one target per NLB, so a replacement needs an NLB of its own.
    const secondNlb = NLB_ARN.replace('/sensors/', '/sensors-v2/');
    const loadBalancers = [
      { arn: NLB_ARN, name: 'sensors', type: 'network' as const, subnets: [SUBNET] },
      { arn: secondNlb, name: 'sensors-v2', type: 'network' as const, subnets: [SUBNET] },
    ];
    const { clock, sandbox } = virtualSandbox(
      account([...range(1, 12).map((n) => instance(n)), instance(13, 't2.micro')], { loadBalancers }),
      { consistencyDelayMs: 2000, faults: { rate: 0.05, seed: 11 } },
    );
    const clients = createAwsClients({ sandbox, maxAttempts: 8 });
    const options = { ...clock, random: seededRandom(9) };

    const initial = await planFor(clients, clock, policy('sensors'));
    const created = await applyPlan(initial, clients, { planId: 'e2e-1', ...options });

    expect(created.counts).toMatchObject({ failed: 0, skipped: 0, notStarted: 0 });
    expect(created.counts.added).toBe(initial.summary.create);
    expect(sessionsPerEni(sandbox.toFile()).size).toBe(12);
    expect((await planFor(clients, clock, policy('sensors'))).actions).toEqual([]);

    // A new description alone cannot be applied: the new target could not sit on the NLB beside the old one.
    const described = await planFor(clients, clock, policy('sensors, second generation'));
    expect(described.actions).toEqual([]);
    expect(described.warnings.map((w) => w.code)).toEqual(['target-description-differs']);

    const changed = await planFor(clients, clock, policy('sensors, second generation', secondNlb));
    expect(changed.actions.some((a) => a.type === 'target' && a.action === 'replace')).toBe(true);
    const moved = await applyPlan(changed, clients, { planId: 'e2e-2', ...options });

    expect(moved.counts).toMatchObject({ failed: 0, skipped: 0 });
    const state = sandbox.toFile().regions[REGION];
    expect(state?.trafficMirrorTargets?.map((t) => [t.description, t.networkLoadBalancerArn])).toEqual([
      ['sensors, second generation', secondNlb],
    ]);
    expect(new Set(state?.trafficMirrorSessions?.map((s) => s.targetId))).toEqual(
      new Set(state?.trafficMirrorTargets?.map((t) => t.id)),
    );
    expect((await planFor(clients, clock, policy('sensors, second generation', secondNlb))).actions).toEqual([]);
  });

  it("uses another tool's target already on the policy's NLB: apply succeeds, the target is untouched, re-plan is empty", async () => {
    const theirs = { id: 'tmt-0000beef', networkLoadBalancerArn: NLB_ARN, description: 'legacy tap', tags: { Name: 'legacy' } };
    const { clock, sandbox } = virtualSandbox(account(range(1, 6).map((n) => instance(n)), { trafficMirrorTargets: [theirs] }), {
      consistencyDelayMs: 2000,
      faults: { rate: 0.05, seed: 7 },
    });
    const clients = createAwsClients({ sandbox, maxAttempts: 8 });

    const initial = await planFor(clients, clock, policy('sensors'));
    expect(initial.actions.some((a) => a.type === 'target')).toBe(false);
    expect(initial.warnings).toEqual([expect.objectContaining({ code: 'existing-target-used', message: expect.stringContaining('tmt-0000beef') })]);
    const result = await applyPlan(initial, clients, { planId: 'reuse', ...clock, random: seededRandom(2) });

    expect(result.counts).toMatchObject({ failed: 0, skipped: 0, notStarted: 0 });
    const state = sandbox.toFile().regions[REGION];
    expect(state?.trafficMirrorTargets).toEqual([theirs]);
    expect(new Set(state?.trafficMirrorSessions?.map((s) => s.targetId))).toEqual(new Set(['tmt-0000beef']));
    expect(state?.trafficMirrorSessions).toHaveLength(6);
    expect((await planFor(clients, clock, policy('sensors'))).actions).toEqual([]);

    const destroyed = planChanges(policy('sensors'), await discover(clients, { regions: [REGION] }), { mode: 'destroy' });
    await applyPlan(destroyed, clients, { planId: 'reuse-destroy', ...clock, random: seededRandom(3) });
    expect(sandbox.toFile().regions[REGION]?.trafficMirrorSessions ?? []).toEqual([]);
    expect(sandbox.toFile().regions[REGION]?.trafficMirrorTargets).toEqual([theirs]);
  });

  it('takes over its own target when the policy renames it, instead of creating a second one on the NLB', async () => {
    const { clock, sandbox } = virtualSandbox(account(range(1, 4).map((n) => instance(n))), { consistencyDelayMs: 2000 });
    const clients = createAwsClients({ sandbox, maxAttempts: 8 });
    await applyPlan(await planFor(clients, clock, policy('sensors')), clients, { planId: 'rename-1', ...clock });
    const original = policy('sensors');
    const sensors = original.targets['sensors'];
    if (sensors === undefined) throw new Error('the test policy has no target "sensors"');
    const renamed: Policy = {
      ...original,
      targets: { collectors: { ...sensors, name: 'collectors' } },
      vpcs: original.vpcs.map((entry) => ({ ...entry, target: 'collectors' })),
    };

    const changed = await planFor(clients, clock, renamed);
    expect(changed.actions.map((a) => [a.type, a.action, a.key])).toEqual([['target', 'update', 'target/collectors']]);
    const result = await applyPlan(changed, clients, { planId: 'rename-2', ...clock });

    expect(result.counts).toMatchObject({ failed: 0, skipped: 0, notStarted: 0 });
    expect(sandbox.toFile().regions[REGION]?.trafficMirrorTargets?.map((t) => t.tags?.['mirrorctl:key'])).toEqual(['target/collectors']);
    expect((await planFor(clients, clock, renamed)).actions).toEqual([]);
  });

  it('re-points sessions to a replaced filter only once the new filter has all its rules (no mirroring gap)', async () => {
    const { clock, sandbox } = virtualSandbox(account(range(1, 6).map((n) => instance(n))), {
      consistencyDelayMs: 2000,
      faults: { rate: 0.05, seed: 5 },
    });
    const clients = createAwsClients({ sandbox, maxAttempts: 8 });
    const options = { ...clock, random: seededRandom(3) };
    const before = policy('sensors');
    await applyPlan(await planFor(clients, clock, before), clients, { planId: 'filter-1', ...options });
    const everythingFilter = before.filters['everything'];
    if (everythingFilter === undefined) throw new Error('the test policy has no filter "everything"');
    const after: Policy = { ...before, filters: { everything: { ...everythingFilter, description: 'all traffic, v2' } } };

    const changed = await planFor(clients, clock, after);
    expect(changed.actions.some((a) => a.type === 'filter' && a.action === 'replace')).toBe(true);
    const newFilterRulesWhenMoved: number[] = [];
    const result = await applyPlan(changed, clients, {
      planId: 'filter-2',
      ...options,
      onEvent: (event) => {
        if (event.type !== 'started' || !event.actionId.includes('/session/')) return;
        const filters = sandbox.toFile().regions[REGION]?.trafficMirrorFilters ?? [];
        newFilterRulesWhenMoved.push(filters.find((f) => f.description === 'all traffic, v2')?.rules?.length ?? 0);
      },
    });

    expect(result.counts).toMatchObject({ failed: 0, skipped: 0, notStarted: 0 });
    expect(newFilterRulesWhenMoved).toEqual(range(1, 6).map(() => 3));
    expect((await planFor(clients, clock, after)).actions).toEqual([]);
  });
});
