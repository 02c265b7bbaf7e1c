/** fast-check generators for small random accounts and policies (the convergence property test). */
import fc from 'fast-check';
import type { ObservedAccount, ObservedNetworkInterface, ObservedRegion, ObservedSession } from '../../src/core/types/observed.js';
import type { AlreadyMirrored, Policy, PolicyFilter, PolicyTarget, PolicyVpcEntry } from '../../src/core/types/policy.js';
import {
  eniOf,
  entry,
  eniTarget,
  existingTarget,
  makePolicy,
  nlbTarget,
  observedFilter,
  observedSession,
  observedTarget,
  owned,
  POLICY,
  rule,
  server,
  vpc,
} from './builders.js';

/** The account the generated accounts are; CONSUMER is another one that this account shares a target with. */
export const ACCOUNT_ID = '111122223333';
const CONSUMER = '444455556666';

const REGIONS = ['us-east-1', 'eu-west-1'] as const;
const TYPES = ['m5.large', 'm5.large', 't3.small', 't2.micro', 'm5.metal', 'c6i.metal', 'm8g.large', 'm5.24xlarge'];
const STATES = ['running', 'running', 'running', 'pending', 'stopped'] as const;

const instanceArb = fc.record({
  vpc: fc.constantFrom('vpc-a', 'vpc-b'),
  type: fc.constantFrom(...TYPES),
  state: fc.constantFrom(...STATES),
  team: fc.constantFrom(undefined, 'a', 'b'),
  excluded: fc.constantFrom(false, false, false, false, true),
  interfaces: fc.integer({ min: 1, max: 3 }),
  oddInterface: fc.constantFrom(undefined, undefined, undefined, 'efa', 'requester'),
  foreignSessions: fc.integer({ min: 0, max: 3 }),
  foreignFirstNumber: fc.integer({ min: 1, max: 3 }),
});

const regionArb = (region: string, prefix: string) =>
  fc
    .record({
      instances: fc.array(instanceArb, { maxLength: 6 }),
      prodVpc: fc.constantFrom('vpc-a', 'vpc-b'),
      // Plain running instances: enough of them fill an ENI target's 10 sources.
      crowd: fc.constantFrom(0, 0, 4, 12),
      otherPolicy: fc.constantFrom(true, true, false),
      otherAccount: fc.constantFrom(true, true, false),
    })
    .map(({ instances, prodVpc, crowd, otherPolicy, otherAccount }): ObservedRegion => {
      const sensors = [server(`i-${prefix}s1`, { vpcId: 'vpc-a', tags: { role: 'sensor' } }), server(`i-${prefix}s2`, { vpcId: 'vpc-b', tags: { role: 'sensor' } })];
      const servers = instances.map((item, position) => {
        const id = `i-${prefix}${position}`;
        const built = server(id, {
          vpcId: item.vpc,
          type: item.type,
          state: item.state,
          interfaces: item.interfaces,
          tags: { ...(item.team === undefined ? {} : { team: item.team }), ...(item.excluded ? { mirroring: 'excluded' } : {}) },
        });
        const interfaces: ObservedNetworkInterface[] = built.interfaces.map((eni) =>
          eni.attachment?.deviceIndex !== 1 || item.oddInterface === undefined
            ? eni
            : item.oddInterface === 'efa'
              ? { ...eni, type: 'efa' }
              : { ...eni, requesterManaged: true },
        );
        return { ...built, interfaces };
      });
      const sessions: ObservedSession[] = servers.flatMap(({ interfaces }, position) => {
        const spec = instances[position];
        const eni = interfaces[0];
        if (spec === undefined || eni === undefined) return [];
        return Array.from({ length: spec.foreignSessions }, (_unused, n) => ({
          id: `tms-${prefix}f${position}${n}`,
          networkInterfaceId: eni.id,
          targetId: `tmt-${prefix}foreign`,
          filterId: `tmf-${prefix}foreign`,
          sessionNumber: spec.foreignFirstNumber + n * 2,
          tags: { owner: 'someone-else' },
        }));
      });
      const crowded = Array.from({ length: crowd }, (_unused, n) => server(`i-${prefix}c${n}`, { vpcId: 'vpc-a' }));
      // A renamed policy's leftovers: same tags shape, another policy name, on an interface this policy taps.
      const staging = otherPolicy ? [server(`i-${prefix}o`, { vpcId: 'vpc-a' })] : [];
      const stagingEni = eniOf(`i-${prefix}o`);
      const stagingResources = {
        targets: [observedTarget(`tmt-${prefix}staging`, { type: 'network-load-balancer', networkLoadBalancerArn: 'arn:aws:elasticloadbalancing:x:1:loadbalancer/net/staging/1', tags: owned('target/sensor', 'staging') })],
        filters: [observedFilter(`tmf-${prefix}staging`, { tags: owned('filter/f1', 'staging') })],
        sessions: [
          observedSession(`tms-${prefix}staging`, stagingEni, {
            targetId: `tmt-${prefix}staging`,
            filterId: `tmf-${prefix}staging`,
            tags: owned(`session/e1/${stagingEni}`, 'staging'),
          }),
        ],
      };
      // RAM sharing, both ways, tagged by a same-named policy in the other account: a session the consumer made
      // on the target this account shares (its interface is in the consumer's account), and a target shared
      // with this account.
      const theirs = {
        targets: [observedTarget(`tmt-${prefix}theirs`, { ownerId: CONSUMER, networkInterfaceId: `eni-${prefix}consumer-target`, tags: owned('target/sensor', POLICY) })],
        sessions: [
          observedSession(`tms-${prefix}theirs`, `eni-${prefix}consumer-0`, {
            ownerId: CONSUMER,
            targetId: `tmt-${prefix}foreign`,
            filterId: `tmf-${prefix}consumer`,
            tags: owned(`session/e1/eni-${prefix}consumer-0`, POLICY),
          }),
        ],
      };
      const all = [...sensors, ...servers, ...crowded, ...staging];
      return {
        region,
        vpcs: [vpc('vpc-a', prodVpc === 'vpc-a' ? { env: 'prod' } : {}), vpc('vpc-b', prodVpc === 'vpc-b' ? { env: 'prod' } : {})],
        instances: all.map((item) => item.instance),
        networkInterfaces: [
          ...all.flatMap((item) => item.interfaces),
          { id: `eni-${prefix}nlb`, type: 'network_load_balancer', vpcId: 'vpc-a', requesterManaged: true, tags: {} },
        ],
        instanceTypes: [],
        targets: [
          observedTarget(`tmt-${prefix}foreign`, { type: 'network-load-balancer', networkLoadBalancerArn: 'arn:aws:elasticloadbalancing:x:1:loadbalancer/net/other/1' }),
          ...(otherPolicy ? stagingResources.targets : []),
          ...(otherAccount ? theirs.targets : []),
        ],
        filters: [observedFilter(`tmf-${prefix}foreign`), ...(otherPolicy ? stagingResources.filters : [])],
        sessions: [...sessions, ...(otherPolicy ? stagingResources.sessions : []), ...(otherAccount ? theirs.sessions : [])],
      };
    });

export const accountArb: fc.Arbitrary<ObservedAccount> = fc
  .tuple(regionArb(REGIONS[0], 'u'), fc.option(regionArb(REGIONS[1], 'e'), { nil: undefined }))
  .map(([first, second]) => ({ accountId: ACCOUNT_ID, regions: second === undefined ? [first] : [first, second] }));

const ruleArb = fc
  .record({
    number: fc.constantFrom(100, 200, 300, 400, 500, 600, 700, 800),
    action: fc.constantFrom('accept' as const, 'reject' as const),
    protocol: fc.constantFrom(undefined, 6, 17),
    description: fc.constantFrom(undefined, 'web'),
    ports: fc.boolean(),
  })
  .map((item) =>
    rule(item.number, {
      action: item.action,
      ...(item.protocol === undefined ? {} : { protocol: item.protocol }),
      ...(item.protocol !== undefined && item.ports ? { destinationPorts: { from: 443, to: 443 } } : {}),
      ...(item.description === undefined ? {} : { description: item.description }),
    }),
  );

// Up to 5 a direction: a full filter holds 10, AWS's quota, so renumbering between two policies must order
// its rule creates after the deletes that make room.
const uniqueRules = fc.uniqueArray(ruleArb, { maxLength: 5, selector: (item) => item.number });

const filterArb = (name: string): fc.Arbitrary<PolicyFilter> =>
  fc
    .record({ ingress: uniqueRules, egress: uniqueRules, dns: fc.boolean(), description: fc.constantFrom(undefined, 'custom') })
    .map((item) => ({
      name,
      networkServices: item.dns ? (['amazon-dns'] as const) : [],
      ingress: item.ingress,
      egress: item.egress,
      ...(item.description === undefined ? {} : { description: item.description }),
    }));

const targetsArb: fc.Arbitrary<Record<string, PolicyTarget>> = fc
  .record({
    sensorEni: fc.constantFrom(eniOf('i-us1'), eniOf('i-us2')),
    sensorDescription: fc.constantFrom(undefined, 'sensor one'),
    nlbRegion: fc.constantFrom(...REGIONS),
  })
  .map((item) => ({
    sensor: eniTarget('sensor', item.sensorEni, item.sensorDescription === undefined ? {} : { description: item.sensorDescription }),
    nlb: nlbTarget('nlb', item.nlbRegion),
    shared: existingTarget('shared', 'tmt-uforeign'),
  }));

// Foreign sessions send to tmt-uforeign, which the `shared` target names: every mode meets same-target sessions.
const alreadyMirroredArb = fc.constantFrom<AlreadyMirrored | undefined>(undefined, undefined, 'skip-same-target', 'skip-any', 'add');

const entryArb = (key: string): fc.Arbitrary<PolicyVpcEntry> =>
  fc
    .record({
      selector: fc.constantFrom('vpc-a', 'vpc-b', 'tags'),
      target: fc.constantFrom('sensor', 'nlb', 'shared'),
      filter: fc.constantFrom('f1', 'f2'),
      interfaces: fc.constantFrom('all' as const, 'primary' as const),
      team: fc.constantFrom(undefined, undefined, 'a'),
      sessionNumber: fc.constantFrom(undefined, undefined, 1, 2, 4),
      packetLength: fc.constantFrom(undefined, undefined, 128),
      virtualNetworkId: fc.constantFrom(undefined, undefined, 42),
      regions: fc.constantFrom(undefined, undefined, ['us-east-1'], ['eu-west-1']),
      alreadyMirrored: alreadyMirroredArb,
    })
    .map((item) =>
      entry({
        key,
        ...(item.selector === 'tags' ? { vpcTags: { env: 'prod' } } : { vpcId: item.selector }),
        target: item.target,
        filter: item.filter,
        interfaces: item.interfaces,
        ...(item.team === undefined ? {} : { instanceTags: { team: item.team } }),
        ...(item.sessionNumber === undefined ? {} : { sessionNumber: item.sessionNumber }),
        ...(item.packetLength === undefined ? {} : { packetLength: item.packetLength }),
        ...(item.virtualNetworkId === undefined ? {} : { virtualNetworkId: item.virtualNetworkId }),
        ...(item.regions === undefined ? {} : { regions: item.regions }),
        ...(item.alreadyMirrored === undefined ? {} : { alreadyMirrored: item.alreadyMirrored }),
      }),
    );

export const policyArb: fc.Arbitrary<Policy> = fc
  .record({
    targets: targetsArb,
    f1: filterArb('f1'),
    f2: filterArb('f2'),
    entries: fc.uniqueArray(fc.constantFrom('e1', 'e2', 'e3'), { minLength: 1, maxLength: 3 }).chain((keys) => fc.tuple(...keys.map(entryArb))),
    excludeTag: fc.boolean(),
    excludedInstance: fc.constantFrom(undefined, 'i-u0', 'i-u1'),
    support: fc.constantFrom('none', 'allow-m8g', 'deny-m5'),
    alreadyMirrored: alreadyMirroredArb,
  })
  .map((item) =>
    makePolicy({
      regions: [...REGIONS],
      targets: item.targets,
      filters: { f1: item.f1, f2: item.f2 },
      vpcs: item.entries,
      exclude: {
        instanceIds: item.excludedInstance === undefined ? [] : [item.excludedInstance],
        networkInterfaceIds: [],
        tags: { role: 'sensor', ...(item.excludeTag ? { mirroring: 'excluded' } : {}) },
      },
      instanceSupport: {
        allow: item.support === 'allow-m8g' ? ['m8g'] : [],
        deny: item.support === 'deny-m5' ? ['m5.large'] : [],
      },
      ...(item.alreadyMirrored === undefined ? {} : { alreadyMirrored: item.alreadyMirrored }),
    }),
  );

/** Starts stopped instances and stops running ones, as happens between two runs. */
export const stateFlipsArb = fc.uniqueArray(fc.nat({ max: 30 }), { maxLength: 4 });

export function flipStates(observed: ObservedAccount, flips: readonly number[]): ObservedAccount {
  return {
    ...observed,
    regions: observed.regions.map((region) => ({
      ...region,
      instances: region.instances.map((instance, position) =>
        flips.includes(position) ? { ...instance, state: instance.state === 'stopped' ? 'running' : 'stopped' } : instance,
      ),
    })),
  };
}

type Resource = ObservedRegion['targets'][number] | ObservedRegion['filters'][number] | ObservedSession;

/** What no plan of `policyName` may change: another policy's, another tool's, or another account's. */
export function untouchable(observed: ObservedAccount, policyName: string): Map<string, Resource> {
  const found = new Map<string, Resource>();
  for (const region of observed.regions) {
    for (const item of [...region.targets, ...region.filters, ...region.sessions]) {
      const otherAccount = 'ownerId' in item && item.ownerId !== undefined && item.ownerId !== observed.accountId;
      if (otherAccount || item.tags['mirrorctl:policy'] !== policyName) found.set(`${region.region}/${item.id}`, item);
    }
  }
  return found;
}
