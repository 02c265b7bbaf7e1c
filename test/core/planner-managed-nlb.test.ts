/**
 * The planner for managed load balancers: the chain it creates and in which order, what ELBv2 changes in place
 * and what forces a replacement, sensor registrations, the loop guard, the deletion order, the cost.
 */
import { describe, expect, it } from 'vitest';
import { loadBalancerName, targetGroupName } from '../../src/core/planner/managed/names.js';
import type {
  ObservedManagedLoadBalancer,
  ObservedManagedTargetGroup,
  ObservedRegion,
  ObservedSubnet,
} from '../../src/core/types/observed.js';
import type { ManagedLoadBalancerSpec, Policy } from '../../src/core/types/policy.js';
import {
  convergedSensor,
  entry,
  makePolicy,
  managedLoadBalancer,
  managedTargetGroup,
  observedRegion,
  observedTarget,
  owned,
  ownedSession,
  policyTarget,
  server,
  vpc,
} from './builders.js';
import { action, plan, skipsFor, summaryLines, warningCodes } from './plan-helpers.js';

const SUBNETS: ObservedSubnet[] = [
  { id: 'subnet-a', vpcId: 'vpc-a', availabilityZone: 'us-east-1a' },
  { id: 'subnet-b', vpcId: 'vpc-a', availabilityZone: 'us-east-1b' },
  { id: 'subnet-c', vpcId: 'vpc-a', availabilityZone: 'us-east-1c' },
];

function spec(parts: Partial<ManagedLoadBalancerSpec> = {}): ManagedLoadBalancerSpec {
  return {
    kind: 'managed-load-balancer',
    placement: { kind: 'subnets', subnetIds: ['subnet-a', 'subnet-b'] },
    sensors: { kind: 'instances', instanceIds: [], tags: { role: 'ids' } },
    healthCheck: { protocol: 'tcp', port: 22, healthyThreshold: 5, unhealthyThreshold: 2, intervalSeconds: 30, timeoutSeconds: 10 },
    crossZone: true,
    deletionProtection: true,
    securityGroups: [],
    ...parts,
  };
}

const policyWith = (parts: Partial<ManagedLoadBalancerSpec> = {}): Policy =>
  makePolicy({
    targets: { sensors: policyTarget('sensors', spec(parts)) },
    vpcs: [entry({ key: 'vpc-a', target: 'sensors' })],
  });

const inZone = (id: string, zone: string, tags: Record<string, string> = {}) => {
  const made = server(id, { tags, interfaceParts: { availabilityZone: `us-east-1${zone}` } });
  return { instance: { ...made.instance, availabilityZone: `us-east-1${zone}` }, interfaces: made.interfaces };
};

/** Two web servers and two sensors (tagged role=ids) in vpc-a, zones a and b. */
const SERVERS = [inZone('i-web1', 'a'), inZone('i-web2', 'b'), inZone('i-ids1', 'a', { role: 'ids' }), inZone('i-ids2', 'b', { role: 'ids' })];

const LB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/sensors-x/00000000000000aa';
const TG_ARN = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/sensors-y/00000000000000bb';
const LISTENER_ARN = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/net/sensors-x/00000000000000aa/00000000000000cc';

const observedLb = (parts: Partial<ObservedManagedLoadBalancer> = {}): ObservedManagedLoadBalancer =>
  managedLoadBalancer(LB_ARN, TG_ARN, { listeners: [{ arn: LISTENER_ARN, protocol: 'UDP', port: 4789, targetGroupArn: TG_ARN }], ...parts });

const observedGroup = (parts: Partial<ObservedManagedTargetGroup> = {}): ObservedManagedTargetGroup =>
  managedTargetGroup(
    TG_ARN,
    LB_ARN,
    [
      { id: 'i-ids1', port: 4789, state: 'healthy' },
      { id: 'i-ids2', port: 4789, state: 'healthy' },
    ],
    parts,
  );

const converged = (): Omit<ObservedRegion, 'region'> => {
  const { filters } = convergedSensor();
  return {
    ...observedRegion({
      servers: SERVERS,
      withoutSensor: true,
      vpcs: [vpc('vpc-a')],
      filters,
      targets: [
        observedTarget('tmt-nlb', {
          type: 'network-load-balancer',
          networkLoadBalancerArn: LB_ARN,
          description: 'mirrorctl prod target sensors',
          tags: owned('target/sensors'),
        }),
      ],
      sessions: [
        ownedSession('tms-1', 'vpc-a', 'eni-web1-0', { targetId: 'tmt-nlb', packetLength: 8500 }),
        ownedSession('tms-2', 'vpc-a', 'eni-web2-0', { targetId: 'tmt-nlb', packetLength: 8500 }),
      ],
    }),
    subnets: SUBNETS,
    managedLoadBalancers: [observedLb()],
    managedTargetGroups: [observedGroup()],
  };
};

const region = (parts: Partial<ObservedRegion> = {}): ObservedRegion => ({ ...converged(), region: 'us-east-1', ...parts }) as ObservedRegion;

const nothingYet = (): ObservedRegion =>
  ({
    ...observedRegion({ servers: SERVERS, withoutSensor: true, vpcs: [vpc('vpc-a')] }),
    subnets: SUBNETS,
    managedLoadBalancers: [],
    managedTargetGroups: [],
  }) as ObservedRegion;

describe('a managed load balancer from nothing', () => {
  const result = plan(policyWith(), nothingYet());

  it('creates the balancer, group, listener, a registration per sensor, the mirror target and sessions', () => {
    expect(summaryLines(result)).toEqual([
      'create load-balancer/sensors',
      'create target-group/sensors',
      'create listener/sensors',
      'create target-registration/sensors/i-ids1',
      'create target-registration/sensors/i-ids2',
      'create target/sensors',
      'create filter/all',
      'create filter/all/egress/100',
      'create filter/all/ingress/100',
      'create session/vpc-a/eni-web1-0',
      'create session/vpc-a/eni-web2-0',
    ]);
    expect(action(result, 'load-balancer/sensors').after).toEqual({
      kind: 'load-balancer',
      name: loadBalancerName('prod', 'sensors'),
      vpcId: 'vpc-a',
      subnets: ['subnet-a', 'subnet-b'],
      securityGroups: [],
      crossZone: true,
      deletionProtection: true,
      tags: owned('load-balancer/sensors'),
    });
    expect(action(result, 'target-group/sensors').after).toMatchObject({
      name: targetGroupName('prod', 'sensors', loadBalancerName('prod', 'sensors')),
      targetType: 'instance',
      healthCheckProtocol: 'TCP',
      healthCheckPort: 22,
    });
    expect(action(result, 'target/sensors').after).toMatchObject({ loadBalancer: { key: 'load-balancer/sensors' } });
  });

  it('orders them: balancer and group, listener, registrations, mirror target, then sessions', () => {
    const deps = (key: string) => action(result, key).dependsOn;
    expect(deps('listener/sensors')).toEqual(['us-east-1/load-balancer/sensors', 'us-east-1/target-group/sensors']);
    expect(deps('target-registration/sensors/i-ids1')).toEqual(['us-east-1/target-group/sensors']);
    expect(deps('target/sensors')).toEqual([
      'us-east-1/listener/sensors',
      'us-east-1/load-balancer/sensors',
      'us-east-1/target-registration/sensors/i-ids1',
      'us-east-1/target-registration/sensors/i-ids2',
    ]);
    expect(deps('session/vpc-a/eni-web1-0')).toContain('us-east-1/target/sensors');
  });

  it('never taps the sensors, although the entry taps their VPC', () => {
    expect(skipsFor(result, 'eni-ids1-0')).toEqual([
      expect.objectContaining({ reason: 'interface-is-mirror-target', detail: expect.stringContaining('is a sensor of target sensors') }),
    ]);
  });

  it('prices the load balancer hour and names what depends on traffic', () => {
    expect(result.cost.byRegion[0]).toMatchObject({ loadBalancersBefore: 0, loadBalancersAfter: 1, ratePerLoadBalancerHour: 0.0225 });
    expect(result.cost.monthlyAfter).toBeCloseTo(2 * 0.015 * 730 + 0.0225 * 730, 2);
    expect(result.cost.notes).toEqual([
      expect.stringContaining('counted at 0.0225 USD per hour; their NLCU-hours (0.006 USD each in us-east-1) depend on the mirrored traffic'),
      expect.stringContaining('cross-zone load balancing is on for sensors'),
    ]);
  });
});

describe('a managed load balancer that exists', () => {
  it('plans nothing when it matches the policy', () => {
    const result = plan(policyWith(), region());
    expect(result.actions).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('changes the health check in place', () => {
    const healthCheck = { protocol: 'http' as const, port: 8080, path: '/health', healthyThreshold: 3, unhealthyThreshold: 2, intervalSeconds: 30, timeoutSeconds: 6 };
    const result = plan(policyWith({ healthCheck }), region());
    expect(summaryLines(result)).toEqual(['update target-group/sensors']);
    expect(action(result, 'target-group/sensors').changes.map((item) => [item.attribute, item.before, item.after, item.forcesReplacement])).toEqual([
      ['healthCheckProtocol', 'TCP', 'HTTP', false],
      ['healthCheckPort', 22, 8080, false],
      ['healthCheckPath', null, '/health', false],
      ['healthyThreshold', 5, 3, false],
      ['healthCheckTimeoutSeconds', 10, 6, false],
    ]);
  });

  it('deregisters a sensor that is no longer one, and registers a new one', () => {
    const servers = [SERVERS[0]!, SERVERS[1]!, inZone('i-ids1', 'a'), SERVERS[3]!, inZone('i-ids3', 'c', { role: 'ids' })];
    const result = plan(policyWith({ placement: { kind: 'subnets', subnetIds: ['subnet-a', 'subnet-b'] } }), region({
      ...observedRegion({ servers, withoutSensor: true, vpcs: [vpc('vpc-a')], ...convergedSensor(), targets: converged().targets, sessions: converged().sessions }),
    }));
    expect(summaryLines(result).filter((line) => line.includes('registration'))).toEqual([
      'delete target-registration/sensors/i-ids1',
      'create target-registration/sensors/i-ids3',
    ]);
    expect(action(result, 'target-registration/sensors/i-ids1').reason).toBe('i-ids1 is no longer a sensor of target sensors');
  });

  it('adds a zone in place, and cross-zone and deletion protection are attributes', () => {
    const result = plan(policyWith({ placement: { kind: 'subnets', subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'] }, crossZone: false }), region());
    expect(summaryLines(result)).toEqual(['update load-balancer/sensors']);
    expect(action(result, 'load-balancer/sensors').changes.map((item) => [item.attribute, item.forcesReplacement])).toEqual([
      ['subnets', false],
      ['crossZone', false],
    ]);
  });

  it('replaces the whole chain for security groups (create-only), new before old, saying why', () => {
    const result = plan(policyWith({ securityGroups: ['sg-1'] }), region());
    expect(summaryLines(result)).toEqual([
      'replace load-balancer/sensors',
      'replace target-group/sensors',
      'replace listener/sensors',
      'create target-registration/sensors/i-ids1',
      'create target-registration/sensors/i-ids2',
      'replace target/sensors',
      'update session/vpc-a/eni-web1-0',
      'update session/vpc-a/eni-web2-0',
    ]);
    const lb = action(result, 'load-balancer/sensors');
    expect(lb.reason).toBe('security groups are set only when a load balancer is created');
    expect(lb.changes).toEqual([{ attribute: 'securityGroups', before: [], after: ['sg-1'], forcesReplacement: true }]);
    expect(lb.after).toMatchObject({ name: loadBalancerName('prod', 'sensors', LB_ARN) });
    expect(lb.after).not.toMatchObject({ name: 'sensors-x' });
    expect(action(result, 'target-group/sensors').reason).toBe('a target group serves one load balancer, and its load balancer is replaced');
    expect(action(result, 'target/sensors').reason).toMatch(/^its load balancer is replaced/);
  });

  it('deletes sessions, then the mirror target, listener, group and balancer, in that order', () => {
    const policy = makePolicy({ targets: {}, vpcs: [] });
    const result = plan(policy, region());
    const deps = (key: string) => action(result, key).dependsOn;
    expect(summaryLines(result)).toEqual([
      'delete load-balancer/sensors',
      'delete target-group/sensors',
      'delete listener/sensors',
      'delete target/sensors',
      'delete filter/all',
      'delete session/vpc-a/eni-web1-0',
      'delete session/vpc-a/eni-web2-0',
    ]);
    expect(deps('target/sensors')).toEqual(['us-east-1/session/vpc-a/eni-web1-0', 'us-east-1/session/vpc-a/eni-web2-0']);
    expect(deps('listener/sensors')).toEqual(['us-east-1/target/sensors']);
    expect(deps('target-group/sensors')).toEqual(['us-east-1/listener/sensors']);
    expect(deps('load-balancer/sensors')).toEqual(['us-east-1/listener/sensors', 'us-east-1/target-group/sensors', 'us-east-1/target/sensors']);
    expect(action(result, 'load-balancer/sensors').reason).toBe('target sensors is no longer in the policy');
    expect(result.cost.byRegion[0]).toMatchObject({ loadBalancersBefore: 1, loadBalancersAfter: 0 });
  });

  it('destroys it in the same order', () => {
    const result = plan(policyWith(), region(), { mode: 'destroy' });
    expect(action(result, 'load-balancer/sensors').dependsOn).toEqual([
      'us-east-1/listener/sensors',
      'us-east-1/target-group/sensors',
      'us-east-1/target/sensors',
    ]);
  });

  it('warns when a zone with sources has no healthy sensor', () => {
    const group = observedGroup({ targets: [{ id: 'i-ids1', port: 4789, state: 'healthy' }, { id: 'i-ids2', port: 4789, state: 'unhealthy' }] });
    const result = plan(policyWith(), region({ managedTargetGroups: [group] }));
    expect(result.warnings).toEqual([
      {
        code: 'no-healthy-sensor-in-zone',
        region: 'us-east-1',
        message:
          'target sensors: no healthy sensor in us-east-1b, where 1 source is: cross-zone load balancing sends their traffic to sensors in other zones (inter-AZ data transfer is charged)',
      },
    ]);
  });

  it('cannot place a load balancer whose subnets are in one zone, and says so', () => {
    const result = plan(
      policyWith({ placement: { kind: 'subnets', subnetIds: ['subnet-a', 'subnet-d'] } }),
      region({ subnets: [...SUBNETS, { id: 'subnet-d', vpcId: 'vpc-a', availabilityZone: 'us-east-1a' }] }),
    );
    expect(warningCodes(result)).toContain('load-balancer-placement');
    expect(result.warnings.find((warning) => warning.code === 'load-balancer-placement')?.message).toContain(
      'subnets subnet-a and subnet-d are both in us-east-1a',
    );
    expect(result.actions.filter((item) => item.type === 'load-balancer')).toEqual([]);
  });

  it('placed by zones, keeps the subnet it has in each zone when a lower-id subnet appears there', () => {
    const byZones = policyWith({ placement: { kind: 'zones', vpcId: 'vpc-a', availabilityZones: ['us-east-1a', 'us-east-1b'] } });
    const result = plan(byZones, region({ subnets: [{ id: 'subnet-0', vpcId: 'vpc-a', availabilityZone: 'us-east-1a' }, ...SUBNETS] }));
    expect(result.actions).toEqual([]);
  });
});
