/** What `mirrorctl list` shows as the policy's: the scope module's answer, never the tags alone. */
import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../src/core/inventory.js';
import type { ObservedManagedLoadBalancer, ObservedManagedTargetGroup, ObservedRegion } from '../../src/core/types/observed.js';
import {
  convergedSensor,
  managedLoadBalancer,
  managedTargetGroup,
  observedRegion,
  observedSession,
  observedTarget,
  owned,
  ownedSession,
  POLICY,
  REGION,
} from './builders.js';

const ACCOUNT = '111122223333';

function inventoryOf(regions: Parameters<typeof buildInventory>[0]['observed'], listed: readonly string[] = [REGION]) {
  return buildInventory({
    policyName: POLICY,
    accountId: ACCOUNT,
    listedRegions: listed,
    observed: regions,
    sessionHourlyRates: { [REGION]: 0.02 },
    managedTargets: [],
  });
}

describe('buildInventory', () => {
  it("lists the policy's own resources, targets and filters first, and costs its sessions only", () => {
    const { targets, filters } = convergedSensor();
    const inventory = inventoryOf([
      observedRegion({
        targets,
        filters,
        sessions: [
          ownedSession('tms-2', 'vpc-a', 'eni-b'),
          ownedSession('tms-1', 'vpc-a', 'eni-a'),
          observedSession('tms-foreign', 'eni-a', { sessionNumber: 2 }),
          observedSession('tms-staging', 'eni-b', { sessionNumber: 2, tags: owned('session/x/eni-b', 'staging') }),
          // Tagged as ours by a same-named policy in another account (a RAM-shared target's view): not ours.
          ownedSession('tms-theirs', 'vpc-a', 'eni-z', { ownerId: '999988887777' }),
        ],
      }),
    ]);
    const [region] = inventory.regions;
    expect(region?.owned.resources.map((resource) => [resource.type, resource.id])).toEqual([
      ['target', 'tmt-sensor'],
      ['filter', 'tmf-all'],
      ['session', 'tms-1'],
      ['session', 'tms-2'],
    ]);
    expect(region?.owned.resources[2]).toEqual({
      type: 'session',
      id: 'tms-1',
      key: 'session/vpc-a/eni-a',
      detail: 'eni-a #1 → tmt-sensor via tmf-all',
    });
    expect(region?.otherPolicies.map((other) => [other.policyName, other.sessions])).toEqual([['staging', 1]]);
    // 2 sessions × $0.02 × 730 h.
    expect(inventory.cost.monthlyAfter).toBe(29.2);
    expect(inventory.otherPoliciesCost.monthlyAfter).toBe(14.6);
  });

  it('marks a region the policy no longer lists, where what it owns still bills', () => {
    const stray = observedRegion({ sessions: [ownedSession('tms-eu', 'vpc-a', 'eni-eu')], withoutSensor: true }, 'eu-west-1');
    const inventory = inventoryOf([observedRegion(), stray]);
    expect(inventory.regions.map((region) => [region.region, region.listed, region.owned.sessions])).toEqual([
      ['eu-west-1', false, 1],
      [REGION, true, 0],
    ]);
  });
});

const LB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/net/sensors-lb/00000000000000aa`;
const TG_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/sensors-tg/00000000000000bb`;

const managedLb = (parts: Partial<ObservedManagedLoadBalancer> = {}): ObservedManagedLoadBalancer => managedLoadBalancer(LB_ARN, TG_ARN, parts);

const managedGroup = (parts: Partial<ObservedManagedTargetGroup> = {}): ObservedManagedTargetGroup =>
  managedTargetGroup(
    TG_ARN,
    LB_ARN,
    [
      { id: 'i-ids1', port: 4789, state: 'healthy', availabilityZone: 'us-east-1a' },
      { id: 'i-ids2', port: 4789, state: 'unhealthy' },
    ],
    parts,
  );

const nlbMirrorTarget = (tags = owned('target/sensors')) =>
  observedTarget('tmt-nlb', { type: 'network-load-balancer', networkLoadBalancerArn: LB_ARN, tags });

/** A region holding the managed target `sensors` (load balancer, target group, mirror target) and a session on it. */
function managedRegion(parts: Partial<ObservedRegion> = {}, region = REGION): ObservedRegion {
  return {
    ...observedRegion({ targets: [nlbMirrorTarget()], sessions: [ownedSession('tms-1', 'vpc-a', 'eni-a', { targetId: 'tmt-nlb' })] }, region),
    managedLoadBalancers: [managedLb()],
    managedTargetGroups: [managedGroup()],
    ...parts,
  };
}

const inventoryWith = (regions: readonly ObservedRegion[], extra: Partial<Parameters<typeof buildInventory>[0]> = {}) =>
  buildInventory({
    policyName: POLICY,
    accountId: ACCOUNT,
    listedRegions: [REGION],
    observed: regions,
    sessionHourlyRates: {},
    managedTargets: ['sensors'],
    ...extra,
  });

describe('buildInventory: managed load balancers', () => {
  it("lists the policy's load balancer and target group first, with zones, listener and sensor health", () => {
    const [region] = inventoryWith([managedRegion()]).regions;
    expect(region?.owned.resources.map((resource) => [resource.type, resource.name ?? resource.id])).toEqual([
      ['load-balancer', 'sensors-lb'],
      ['target-group', 'sensors-tg'],
      ['target', 'tmt-nlb'],
      ['session', 'tms-1'],
    ]);
    const [lb, group] = region?.owned.resources ?? [];
    expect(lb).toMatchObject({
      id: LB_ARN,
      key: 'load-balancer/sensors',
      detail: 'active in us-east-1a, us-east-1b; listener UDP 4789 → sensors-tg',
      loadBalancer: { state: 'active', listeners: [{ protocol: 'UDP', port: 4789, targetGroupArn: TG_ARN }], crossZone: true },
    });
    expect(lb?.notice).toBeUndefined();
    expect(group).toMatchObject({
      id: TG_ARN,
      detail: 'UDP 4789, 2 sensors registered, 1 healthy: i-ids1 (us-east-1a) healthy, i-ids2 unhealthy',
      targetGroup: { protocol: 'UDP', port: 4789, healthy: 1 },
    });
    expect(region?.owned.loadBalancers).toBe(1);
  });

  it('says when a load balancer has no listener: it forwards nothing', () => {
    const [region] = inventoryWith([managedRegion({ managedLoadBalancers: [managedLb({ listeners: [] })] })]).regions;
    expect(region?.owned.resources[0]?.detail).toBe('active in us-east-1a, us-east-1b; no listener: it forwards nothing');
  });

  it("costs the owned load balancers' hours besides the sessions, and says what depends on traffic", () => {
    const inventory = inventoryWith([managedRegion()]);
    // One session at $0.015 and one load balancer at $0.0225 for 730 hours: 10.95 + 16.425.
    expect(inventory.cost.monthlyAfter).toBe(27.38);
    expect(inventory.cost.byRegion).toEqual([expect.objectContaining({ loadBalancersAfter: 1, ratePerLoadBalancerHour: 0.0225 })]);
    expect(inventory.cost.notes?.join('\n')).toMatch(/NLCU-hours .* depend on the mirrored traffic/);
    expect(inventory.cost.notes?.join('\n')).toMatch(/cross-zone load balancing is on for sensors-lb: .* inter-AZ data transfer/);
  });

  it("lists another policy's load balancer apart, as found, and costs it with that policy", () => {
    const theirs = managedLb({ arn: `${LB_ARN}-staging`, name: 'staging-lb', listeners: [], tags: owned('load-balancer/ids', 'staging') });
    const [region] = inventoryWith([managedRegion({ managedLoadBalancers: [managedLb(), theirs] })]).regions;
    expect(region?.owned.resources.filter((resource) => resource.type === 'load-balancer').map((resource) => resource.name)).toEqual(['sensors-lb']);
    expect(region?.otherPolicies).toEqual([
      expect.objectContaining({
        policyName: 'staging',
        loadBalancers: 1,
        resources: [expect.objectContaining({ name: 'staging-lb', detail: 'active in us-east-1a, us-east-1b', loadBalancer: expect.not.objectContaining({ listeners: expect.anything() }) })],
      }),
    ]);
    const inventory = inventoryWith([managedRegion({ managedLoadBalancers: [managedLb(), theirs] })]);
    expect(inventory.otherPoliciesCost.monthlyAfter).toBe(16.43);
  });

  it('marks an owned load balancer that no owned mirror target uses, with what removes or completes it', () => {
    const withoutTarget = managedRegion({ targets: [], sessions: [] });
    const stillNamed = inventoryWith([withoutTarget]).regions[0]?.owned.resources[0];
    expect(stillNamed?.notice).toBe(
      'no mirror target uses it (left by an interrupted apply?): `mirrorctl apply` completes target sensors with it ' +
        '(or deletes it, if sensors is now placed in another region)',
    );
    const noLongerNamed = inventoryWith([withoutTarget], { managedTargets: [] }).regions[0]?.owned.resources[0];
    expect(noLongerNamed?.notice).toBe(
      'no mirror target uses it (left by an interrupted apply?): the policy no longer has a managed load balancer target sensors, ' +
        'and `mirrorctl apply` deletes it',
    );
    // Another policy's mirror target on it does not make it used: nothing of this policy sends traffic there.
    const othersTarget = managedRegion({ targets: [nlbMirrorTarget(owned('target/sensors', 'staging'))], sessions: [] });
    expect(inventoryWith([othersTarget]).regions[0]?.owned.resources[0]?.notice).toMatch(/^no mirror target uses it/);
    const unlisted = inventoryWith([managedRegion({ targets: [], sessions: [] }, 'eu-west-1')]).regions[0]?.owned.resources[0];
    expect(unlisted?.notice).toBe(
      'no mirror target uses it (left by an interrupted apply?): `mirrorctl destroy --region eu-west-1` deletes it, ' +
        'with everything else this policy owns in eu-west-1',
    );
  });

  it('says where the load balancers could not be read', () => {
    const inventory = inventoryWith([observedRegion()], { loadBalancersNotRead: { [REGION]: 'Access denied' } });
    expect(inventory.regions[0]?.loadBalancersNotRead).toBe('Access denied');
    expect(inventory.cost.notes).toBeUndefined();
  });
});
