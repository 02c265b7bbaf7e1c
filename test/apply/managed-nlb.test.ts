/**
 * A managed load balancer end to end against the sandbox: plan → apply → plan, through faults and eventual
 * consistency; in-place changes; sensors leaving; the target leaving; a create whose response was lost.
 */
import { describe, expect, it } from 'vitest';
import { applyPlan, type ApplyEvent } from '../../src/aws/apply/index.js';
import { createAwsClients, type AwsClients } from '../../src/aws/clients.js';
import { discover } from '../../src/aws/discover/index.js';
import { planChanges } from '../../src/core/planner/index.js';
import type { Plan } from '../../src/core/types/plan.js';
import type { ManagedLoadBalancerSpec, Policy } from '../../src/core/types/policy.js';
import { createSandbox, type SandboxFile, type SimulatorOptions } from '../../src/sandbox/index.js';
import { seededRandom } from '../../src/sandbox/sim/random.js';
import type { VirtualClock } from './helpers/clock.js';
import { virtualSandbox } from './helpers/sandbox.js';
import { host, REGION, SUBNET_A, SUBNET_B, twoZoneAccount, VPC } from './helpers/two-zones.js';

const POLICY = 'nlb-test';
const ACCOUNT = '123456789012';


/** Six sources and three sensors (role=ids) over two zones of one VPC. */
function account(): SandboxFile {
  return twoZoneAccount([
    ...[1, 2, 3].map((n) => host(n, SUBNET_A)),
    ...[4, 5, 6].map((n) => host(n, SUBNET_B)),
    host(101, SUBNET_A, { role: 'ids' }),
    host(102, SUBNET_B, { role: 'ids' }),
    host(103, SUBNET_B, { role: 'ids' }),
  ]);
}

function spec(parts: Partial<ManagedLoadBalancerSpec> = {}): ManagedLoadBalancerSpec {
  return {
    kind: 'managed-load-balancer',
    placement: { kind: 'subnets', subnetIds: [SUBNET_A, SUBNET_B] },
    sensors: { kind: 'instances', instanceIds: [], tags: { role: 'ids' } },
    healthCheck: { protocol: 'tcp', port: 22, healthyThreshold: 5, unhealthyThreshold: 2, intervalSeconds: 30, timeoutSeconds: 10 },
    crossZone: true,
    deletionProtection: true,
    securityGroups: [],
    ...parts,
  };
}

function policy(parts: Partial<ManagedLoadBalancerSpec> | 'no target' = {}): Policy {
  const withTarget = parts !== 'no target';
  return {
    version: 1,
    name: POLICY,
    regions: [REGION],
    targets: withTarget ? { sensors: { name: 'sensors', spec: spec(parts) } } : {},
    filters: { all: { name: 'all', networkServices: [], ingress: [{ number: 100, action: 'accept', source: '0.0.0.0/0', destination: '0.0.0.0/0' }], egress: [] } },
    vpcs: withTarget ? [{ key: 'main', selector: { kind: 'id', vpcId: VPC }, target: 'sensors', filter: 'all', interfaces: 'all' }] : [],
    exclude: { instanceIds: [], networkInterfaceIds: [], tags: {} },
    instanceSupport: { allow: [], deny: [] },
    sessionHourlyRates: {},
  };
}

/** As `mirrorctl plan` reads: ELBv2 only where the policy places a load balancer or owns a target on one. */
async function planFor(clients: AwsClients, clock: VirtualClock, desired: Policy, mode: 'converge' | 'destroy' = 'converge'): Promise<Plan> {
  await clock.sleep(10_000);
  const placed = Object.values(desired.targets).some((target) => target.spec.kind === 'managed-load-balancer');
  const observed = await discover(clients, { regions: [REGION], policyName: POLICY, policy: desired, subnets: placed, accountId: ACCOUNT, mode });
  return planChanges(desired, observed, { mode });
}

const ELB_READS = ['DescribeLoadBalancers', 'DescribeTargetGroups', 'DescribeTags'];
const elbReads = (byAction: Readonly<Record<string, number>>): number => ELB_READS.reduce((sum, action) => sum + (byAction[action] ?? 0), 0);

function world(options: Omit<SimulatorOptions, 'now'> = {}) {
  const { clock, sandbox } = virtualSandbox(account(), options);
  const clients = createAwsClients({ sandbox, maxAttempts: 8 });
  const apply = (plan: Plan, onEvent?: (event: ApplyEvent) => void) =>
    applyPlan(plan, clients, { ...clock, random: seededRandom(3), ...(onEvent === undefined ? {} : { onEvent }) });
  const state = () => sandbox.toFile().regions[REGION] ?? {};
  return {
    clock,
    sandbox,
    clients,
    apply,
    state,
    plan: (desired: Policy, mode?: 'converge' | 'destroy') => planFor(clients, clock, desired, mode),
  };
}

describe('a managed load balancer against the sandbox', () => {
  it('is created from nothing through faults and eventual consistency, and the next plan is empty', async () => {
    const w = world({ faults: { rate: 0.1, seed: 5 }, consistencyDelayMs: 2000 });

    const initial = await w.plan(policy());
    const result = await w.apply(initial);

    expect(result.counts).toMatchObject({ failed: 0, skipped: 0, notStarted: 0, added: initial.summary.create });
    const state = w.state();
    expect(state.loadBalancers).toHaveLength(1);
    expect(state.loadBalancers?.[0]).toMatchObject({
      subnets: [SUBNET_A, SUBNET_B],
      attributes: { 'load_balancing.cross_zone.enabled': 'true', 'deletion_protection.enabled': 'true' },
    });
    expect(state.listeners?.map((listener) => [listener.protocol, listener.port])).toEqual([['UDP', 4789]]);
    expect(state.targetGroups?.[0]?.targets?.map((target) => target.id).sort()).toEqual(['i-00000065', 'i-00000066', 'i-00000067']);
    expect(state.trafficMirrorTargets?.map((target) => target.networkLoadBalancerArn)).toEqual([state.loadBalancers?.[0]?.arn]);
    expect(state.trafficMirrorSessions).toHaveLength(6);
    expect((await w.plan(policy())).actions).toEqual([]);
  });

  it('changes the health check in place', async () => {
    const w = world();
    await w.apply(await w.plan(policy()));
    const groupArn = w.state().targetGroups?.[0]?.arn;

    const healthCheck = { protocol: 'http' as const, port: 8080, path: '/ready', healthyThreshold: 3, unhealthyThreshold: 2, intervalSeconds: 10, timeoutSeconds: 6 };
    const changed = await w.plan(policy({ healthCheck }));
    expect(changed.actions.map((action) => `${action.action} ${action.key}`)).toEqual(['update target-group/sensors']);
    expect((await w.apply(changed)).counts).toMatchObject({ changed: 1, failed: 0 });

    expect(w.state().targetGroups?.map((group) => [group.arn, group.healthCheck])).toEqual([
      [groupArn, { protocol: 'HTTP', port: '8080', path: '/ready', intervalSeconds: 10, healthyThreshold: 3 }],
    ]);
    expect((await w.plan(policy({ healthCheck }))).actions).toEqual([]);
  });

  it('deregisters a sensor removed from the policy', async () => {
    const w = world();
    await w.apply(await w.plan(policy()));

    const fewer = policy({ sensors: { kind: 'instances', instanceIds: ['i-00000065', 'i-00000066'] } });
    const changed = await w.plan(fewer);
    // No longer a sensor, it is one more instance of the tapped VPC: the loop guard lets it be a source.
    expect(changed.actions.map((action) => `${action.action} ${action.key}`)).toEqual([
      'delete target-registration/sensors/i-00000067',
      'create session/main/eni-00000067',
    ]);
    await w.apply(changed);

    expect(w.state().targetGroups?.[0]?.targets?.map((target) => target.id).sort()).toEqual(['i-00000065', 'i-00000066']);
    expect((await w.plan(fewer)).actions).toEqual([]);
  });

  it('removing the target deletes the sessions, then the mirror target, listener, group and balancer, in that order', async () => {
    const w = world();
    await w.apply(await w.plan(policy()));

    // The policy no longer places a load balancer: ELBv2 is read because a mirror target it owns is on one.
    w.sandbox.calls.reset();
    const removal = await w.plan(policy('no target'));
    expect(elbReads(w.sandbox.calls.byAction)).toBeGreaterThan(0);
    const done: string[] = [];
    const result = await w.apply(removal, (event) => {
      if (event.type === 'done') done.push(event.actionId.replace(`${REGION}/`, '').replace(/\/(main|sensors|all)(\/.*)?$/, ''));
    });

    expect(result.counts).toMatchObject({ failed: 0, skipped: 0 });
    const order = done.filter((type, position) => done.indexOf(type) === position);
    expect(order.filter((type) => type !== 'filter')).toEqual(['session', 'target', 'listener', 'target-group', 'load-balancer']);
    const state = w.state();
    expect([state.loadBalancers, state.targetGroups, state.listeners, state.trafficMirrorTargets, state.trafficMirrorSessions]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('costs one look where there is nothing: the load balancers alone, no target groups, tags or details', async () => {
    const w = world();
    const plain = { ...policy('no target'), vpcs: [] };

    const plan = await w.plan(plain);

    expect(plan.actions).toEqual([]);
    expect(ELB_READS.map((action) => w.sandbox.calls.byAction[action] ?? 0)).toEqual([1, 0, 0]);
    w.sandbox.calls.reset();
    await w.plan(plain, 'destroy');
    expect(w.sandbox.calls.byAction['DescribeTargetGroups']).toBe(1);
  });

  it('one whose mirror target was never made, dropped from the policy, is found and deleted by the next converge', async () => {
    const w = world({ scriptedFaults: [{ action: 'CreateTrafficMirrorTarget', when: 'before', times: 100 }] });
    await w.apply(await w.plan(policy()));
    expect([w.state().loadBalancers?.length, w.state().trafficMirrorTargets]).toEqual([1, undefined]);

    // Nothing else this policy owns points at it: the look at the load balancers finds it by its tags.
    const elb = (plan: Plan) => plan.actions.filter((action) => ['load-balancer', 'target-group', 'listener'].includes(action.type)).map((action) => `${action.action} ${action.type}`);
    const removal = await w.plan(policy('no target'));
    expect(elb(removal).sort()).toEqual(['delete listener', 'delete load-balancer', 'delete target-group']);
    await w.apply(removal);
    expect(w.state().loadBalancers ?? []).toEqual([]);
    expect((await w.plan(policy('no target'))).actions).toEqual([]);
  });

  it('a create retried after its response was lost leaves one load balancer', async () => {
    const w = world({ scriptedFaults: [{ action: 'CreateLoadBalancer', when: 'after' }] });

    const result = await w.apply(await w.plan(policy()));

    expect(result.counts).toMatchObject({ failed: 0 });
    expect(w.sandbox.calls.byAction['CreateLoadBalancer']).toBe(2);
    expect(w.state().loadBalancers).toHaveLength(1);
    expect((await w.plan(policy())).actions).toEqual([]);
  });

  it('a create whose every answer was lost fails, and the next plan finds the balancer by its tags instead of making another', async () => {
    const w = world({ scriptedFaults: [{ action: 'CreateLoadBalancer', when: 'after', times: 100 }] });

    const first = await w.apply(await w.plan(policy()));
    expect(first.outcomes.find((outcome) => outcome.actionId.endsWith('load-balancer/sensors'))?.status).toBe('failed');
    expect(w.state().loadBalancers).toHaveLength(1);

    // The balancer exists, tagged at its creation: it is kept; only its attributes, set after the create, remain.
    const again = await w.plan(policy());
    expect(again.actions.filter((action) => action.type === 'load-balancer').map((action) => [action.action, action.changes.map((c) => c.attribute)])).toEqual([
      ['update', ['crossZone', 'deletionProtection']],
    ]);
    await w.apply(again);
    expect(w.state().loadBalancers).toHaveLength(1);
    expect((await w.plan(policy())).actions).toEqual([]);
  });

  it('waits for a provisioning balancer to be active before making the mirror target on it', async () => {
    const sandbox = createSandbox(account(), { loadBalancerProvisioningMs: 300 });
    const clients = createAwsClients({ sandbox, maxAttempts: 8 });
    const initial = planChanges(policy(), await discover(clients, { regions: [REGION], policyName: POLICY, subnets: true }));
    const waits: string[] = [];

    const result = await applyPlan(initial, clients, {
      loadBalancerWait: { minDelaySeconds: 0.05, maxDelaySeconds: 0.1, maxWaitSeconds: 30 },
      onEvent: (event) => {
        if (event.type === 'waiting') waits.push(event.what);
      },
    });

    expect(result.counts).toMatchObject({ failed: 0, skipped: 0 });
    expect(waits[0]).toMatch(/^load balancer .* to become active$/);
    expect(sandbox.calls.byAction['DescribeLoadBalancers']).toBeGreaterThan(1);
  });

  it("never deletes a load balancer the policy does not own, nor turns off its deletion protection, even when a plan says so", async () => {
    const w = world();
    await w.apply(await w.plan(policy()));
    const owned = await w.plan(policy('no target'));
    const deletion = owned.actions.find((action) => action.type === 'load-balancer');
    if (deletion === undefined) throw new Error('expected the load balancer deletion');
    // Another policy's load balancer: the same plan, edited to name it.
    const file = w.sandbox.toFile();
    const lb = file.regions[REGION]?.loadBalancers?.[0];
    if (lb?.tags === undefined) throw new Error('expected the managed load balancer');
    lb.tags['mirrorctl:policy'] = 'someone-else';
    const other = virtualSandbox(file);
    const clients = createAwsClients({ sandbox: other.sandbox, maxAttempts: 8 });
    const observed = await discover(clients, { regions: [REGION], policyName: POLICY });
    const edited = { ...owned, actions: [{ ...deletion, dependsOn: [] }] };

    const result = await applyPlan(edited, other.clients, {
      ...other.clock,
      ownership: { observed, policyName: POLICY, accountId: '123456789012', scope: { kind: 'regions', regions: [REGION] } },
    });

    expect(result.outcomes[0]).toMatchObject({ status: 'failed', attempts: 0, error: { code: 'NotOwned' } });
    expect(result.outcomes[0]?.error?.message).toContain('belongs to another mirrorctl policy');
    expect(other.sandbox.toFile().regions[REGION]?.loadBalancers?.[0]?.attributes).toMatchObject({ 'deletion_protection.enabled': 'true' });
  });
});
