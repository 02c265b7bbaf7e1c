/**
 * Two applies at once on one account (two CI jobs, or CI and the healer), each discovering, planning and
 * applying on its own, interleaved by concurrency, latency and eventual consistency: no lock, no duplicate.
 */
import { describe, expect, it } from 'vitest';
import { applyPlan, type ApplyResult } from '../../src/aws/apply/index.js';
import { createAwsClients, type AwsClients } from '../../src/aws/clients.js';
import { discover } from '../../src/aws/discover/index.js';
import { ownedDuplicates } from '../../src/core/duplicates.js';
import { planChanges } from '../../src/core/planner/index.js';
import type { Policy } from '../../src/core/types/policy.js';
import type { SandboxFile } from '../../src/sandbox/index.js';
import { seededRandom } from '../../src/sandbox/sim/random.js';
import type { VirtualClock } from './helpers/clock.js';
import { virtualSandbox } from './helpers/sandbox.js';
import { NLB_ARN, POLICY, REGION, SUBNET, VPC, account, instance, range } from './helpers/world.js';

function policy(name = POLICY, networkLoadBalancerArn = NLB_ARN): Policy {
  const all = { number: 100, action: 'accept' as const, source: '0.0.0.0/0', destination: '0.0.0.0/0' };
  return {
    version: 1,
    name,
    regions: [REGION],
    targets: {
      sensors: {
        name: 'sensors',
        spec: { kind: 'network-load-balancer', networkLoadBalancerArn },
        description: `${name} sensors`,
        region: REGION,
      },
    },
    filters: {
      everything: { name: 'everything', description: 'all traffic', networkServices: ['amazon-dns'], ingress: [all], egress: [all] },
    },
    vpcs: [{ key: VPC, selector: { kind: 'id', vpcId: VPC }, target: 'sensors', filter: 'everything', interfaces: 'all' }],
    exclude: { instanceIds: [], networkInterfaceIds: [], tags: {} },
    instanceSupport: { allow: [], deny: [] },
    sessionHourlyRates: {},
  };
}

async function planAndApply(clients: AwsClients, clock: VirtualClock, desired: Policy, seed: number): Promise<ApplyResult> {
  const plan = planChanges(desired, await discover(clients, { regions: [REGION] }));
  // Each run has its own plan id, as every CLI run does.
  return applyPlan(plan, clients, { planId: `run-${seed}`, ...clock, concurrency: 4, random: seededRandom(seed) });
}

function duplicatesIn(file: SandboxFile, policyName: string) {
  const region = file.regions[REGION] ?? {};
  return ownedDuplicates(REGION, { policyName }, [
    ...(region.trafficMirrorTargets ?? []).map((t) => ({ type: 'target' as const, id: t.id, tags: t.tags ?? {} })),
    ...(region.trafficMirrorFilters ?? []).map((f) => ({ type: 'filter' as const, id: f.id, tags: f.tags ?? {} })),
    ...(region.trafficMirrorSessions ?? []).map((s) => ({ type: 'session' as const, id: s.id, tags: s.tags ?? {} })),
  ]);
}

/** Outcomes other than done (by this run, or found done by the other one). */
const notDone = (result: ApplyResult) => result.outcomes.filter((o) => o.status !== 'done');

const realism = { consistencyDelayMs: 2_000, deletePropagationMs: 1_000, latencyMs: 1, faults: { rate: 0.03, seed: 17 } };

describe('two applies started together on the same account', () => {
  it('both succeed and make one target, one filter and one session per interface', async () => {
    const count = 24;
    const { clock, sandbox } = virtualSandbox(account(range(1, count).map((n) => instance(n))), realism);
    const clients = createAwsClients({ sandbox, maxAttempts: 8 });

    const [first, second] = await Promise.all([
      planAndApply(clients, clock, policy(), 1),
      planAndApply(clients, clock, policy(), 2),
    ]);

    expect(notDone(first)).toEqual([]);
    expect(notDone(second)).toEqual([]);
    const state = sandbox.toFile();
    const region = state.regions[REGION];
    expect(duplicatesIn(state, POLICY)).toEqual([]);
    expect(region?.trafficMirrorTargets).toHaveLength(1);
    expect(region?.trafficMirrorFilters).toHaveLength(1);
    expect(region?.trafficMirrorFilters?.[0]?.rules).toHaveLength(2);
    expect(region?.trafficMirrorSessions).toHaveLength(count);
    await clock.sleep(10_000);
    expect(planChanges(policy(), await discover(clients, { regions: [REGION] })).actions).toEqual([]);
  });

  it('also when the second starts halfway through the first, planning from what the first already made', async () => {
    const count = 24;
    const { clock, sandbox } = virtualSandbox(account(range(1, count).map((n) => instance(n))), realism);
    const clients = createAwsClients({ sandbox, maxAttempts: 8 });
    let startSecond: () => void = () => undefined;
    const halfway = new Promise<void>((resolve) => (startSecond = resolve));
    let done = 0;

    const first = planChanges(policy(), await discover(clients, { regions: [REGION] }));
    const [a, b] = await Promise.all([
      applyPlan(first, clients, {
        planId: 'run-3',
        ...clock,
        concurrency: 4,
        random: seededRandom(3),
        onEvent: (event) => {
          if (event.type === 'done' && ++done === 8) startSecond();
        },
      }),
      halfway.then(() => planAndApply(clients, clock, policy(), 4)),
    ]);

    expect(notDone(a)).toEqual([]);
    expect(notDone(b)).toEqual([]);
    const state = sandbox.toFile();
    expect(duplicatesIn(state, POLICY)).toEqual([]);
    expect(state.regions[REGION]?.trafficMirrorSessions).toHaveLength(count);
  });

  it('gives two policies tapping the same interfaces different session numbers, without a failure', async () => {
    const count = 12;
    // Each team has its own NLB: AWS holds one target per NLB, and neither run sees the other's target coming.
    const teamY = NLB_ARN.replace('/sensors/', '/team-y/');
    const loadBalancers = [
      { arn: NLB_ARN, name: 'sensors', type: 'network' as const, subnets: [SUBNET] },
      { arn: teamY, name: 'team-y', type: 'network' as const, subnets: [SUBNET] },
    ];
    const { clock, sandbox } = virtualSandbox(account(range(1, count).map((n) => instance(n)), { loadBalancers }), realism);
    const clients = createAwsClients({ sandbox, maxAttempts: 8 });

    // Both plan number 1 everywhere: one of them meets "already used" on every interface and renumbers.
    const [x, y] = await Promise.all([
      planAndApply(clients, clock, policy('team-x'), 5),
      planAndApply(clients, clock, policy('team-y', teamY), 6),
    ]);

    expect(notDone(x)).toEqual([]);
    expect(notDone(y)).toEqual([]);
    const sessions = sandbox.toFile().regions[REGION]?.trafficMirrorSessions ?? [];
    expect(sessions).toHaveLength(2 * count);
    const numbersPerEni = new Map<string, number[]>();
    for (const s of sessions) numbersPerEni.set(s.networkInterfaceId, [...(numbersPerEni.get(s.networkInterfaceId) ?? []), s.sessionNumber]);
    for (const numbers of numbersPerEni.values()) expect(numbers.sort()).toEqual([1, 2]);
  });
});
