import { describe, expect, it } from 'vitest';
import type { InstanceState } from '../../src/core/types/observed.js';
import {
  convergedSensor,
  entry,
  eniTarget,
  makePolicy,
  nlbArn,
  nlbTarget,
  observedRegion,
  observedSession,
  observedTarget,
  owned,
  ownedSession,
  server,
  vpc,
} from './builders.js';
import { action, plan, sessionLines, sessionNumber, skipsFor } from './plan-helpers.js';

const converged = convergedSensor();

describe('which interfaces get a session', () => {
  it.each([
    ['all', ['create session/vpc-a/eni-1-0', 'create session/vpc-a/eni-1-1', 'create session/vpc-a/eni-1-2']],
    ['primary', ['create session/vpc-a/eni-1-0']],
  ] as const)('interfaces: %s', (interfaces, expected) => {
    const result = plan(
      makePolicy({ vpcs: [entry({ key: 'vpc-a', interfaces })] }),
      observedRegion({ ...converged, servers: [server('i-1', { interfaces: 3 })] }),
    );
    expect(sessionLines(result)).toEqual(expected);
    expect(skipsFor(result, 'eni-1-1')).toEqual([]);
  });

  it.each<[InstanceState, boolean]>([
    ['running', true],
    ['pending', true],
    ['stopping', false],
    ['stopped', false],
  ])('a %s instance gets a new session: %s', (state, created) => {
    const result = plan(makePolicy(), observedRegion({ ...converged, servers: [server('i-1', { state })] }));
    expect(sessionLines(result)).toEqual(created ? ['create session/vpc-a/eni-1-0'] : []);
    expect(skipsFor(result, 'eni-1-0').map((item) => item.reason)).toEqual(created ? [] : ['instance-not-running']);
  });

  it('builds the session from the entry: target, filter, packet length, VNI, description, tags', () => {
    const result = plan(
      makePolicy({ vpcs: [entry({ key: 'web', vpcId: 'vpc-a', packetLength: 128, virtualNetworkId: 42 })] }),
      observedRegion({ ...converged, servers: [server('i-1')] }),
    );
    expect(action(result, 'session/web/eni-1-0').after).toEqual({
      kind: 'session',
      networkInterfaceId: 'eni-1-0',
      target: { key: 'target/sensor', id: 'tmt-sensor' },
      filter: { key: 'filter/all', id: 'tmf-all' },
      sessionNumber: 1,
      packetLength: 128,
      virtualNetworkId: 42,
      description: 'mirrorctl prod web',
      tags: owned('session/web/eni-1-0'),
      instanceId: 'i-1',
      vpcId: 'vpc-a',
    });
  });

  it('selects VPCs by tags: every VPC carrying all of them', () => {
    const result = plan(
      makePolicy({ vpcs: [entry({ key: 'prod', vpcTags: { env: 'prod', tier: 'web' } })] }),
      observedRegion({
        ...converged,
        vpcs: [vpc('vpc-a', { env: 'prod', tier: 'web' }), vpc('vpc-b', { env: 'prod' }), vpc('vpc-c', { env: 'prod', tier: 'web', x: 'y' })],
        servers: [server('i-1', { vpcId: 'vpc-a' }), server('i-2', { vpcId: 'vpc-b' }), server('i-3', { vpcId: 'vpc-c' })],
      }),
    );
    expect(sessionLines(result)).toEqual(['create session/prod/eni-1-0', 'create session/prod/eni-3-0']);
  });

  it('only taps instances carrying the instanceTags selector, without listing the others', () => {
    const result = plan(
      makePolicy({ vpcs: [entry({ key: 'vpc-a', instanceTags: { mirror: 'yes' } })] }),
      observedRegion({
        ...converged,
        servers: [server('i-1', { tags: { mirror: 'yes', team: 'a' } }), server('i-2', { tags: { mirror: 'no' } }), server('i-3')],
      }),
    );
    expect(sessionLines(result)).toEqual(['create session/vpc-a/eni-1-0']);
    expect(result.skipped.map((item) => item.networkInterfaceId)).toEqual([]);
  });

  it('restricts an entry to its regions', () => {
    const policy = makePolicy({
      regions: ['us-east-1', 'eu-west-1'],
      targets: { sensor: nlbTarget('sensor', 'eu-west-1') },
      vpcs: [entry({ key: 'vpc-a', regions: ['eu-west-1'] })],
    });
    const servers = [server('i-1')];
    const result = plan(policy, [observedRegion({ servers }), observedRegion({ servers, withoutSensor: true }, 'eu-west-1')]);
    expect(result.actions.filter((item) => item.type === 'session').map((item) => item.id)).toEqual([
      'eu-west-1/session/vpc-a/eni-1-0',
    ]);
  });
});

describe('interfaces that can never be a source', () => {
  it.each([
    ['excluded by instance id', { exclude: { instanceIds: ['i-1'], networkInterfaceIds: [], tags: {} } }, {}, 'excluded-instance', 'instance i-1 is excluded by id'],
    ['excluded by tag', { exclude: { instanceIds: [], networkInterfaceIds: [], tags: { mirroring: 'excluded' } } }, { tags: { mirroring: 'excluded' } }, 'excluded-tag', 'instance i-1 is excluded by tag mirroring=excluded'],
    ['excluded by interface id', { exclude: { instanceIds: [], networkInterfaceIds: ['eni-1-0'], tags: {} } }, {}, 'excluded-interface', 'interface eni-1-0 is excluded by id'],
    ['an unsupported type (t2)', {}, { type: 't2.micro' }, 'unsupported-instance-type', 'instance i-1 is a t2.micro, not a supported Traffic Mirroring source type'],
    ['an unsupported type (m8g)', {}, { type: 'm8g.large' }, 'unsupported-instance-type', 'instance i-1 is a m8g.large, not a supported Traffic Mirroring source type'],
    ['bare metal outside the bare-metal families', {}, { type: 'c6i.metal' }, 'unsupported-instance-type', 'instance i-1 is a c6i.metal, not a supported Traffic Mirroring source type'],
    ['a type denied by the policy', { instanceSupport: { allow: [], deny: ['m5'] } }, {}, 'unsupported-instance-type', 'instance i-1 is a m5.large, not a supported Traffic Mirroring source type'],
    ['an EFA interface', {}, { interfaceParts: { type: 'efa' } }, 'interface-type-not-supported', 'interface eni-1-0 is of type efa; only type interface can be a mirror source'],
    ['a requester-managed interface', {}, { interfaceParts: { requesterManaged: true } }, 'requester-managed', 'interface eni-1-0 is managed by an AWS service (requester-managed); mirrorctl does not mirror those'],
  ] as const)('%s: skipped, and an existing session is deleted with the same reason', (_name, policyParts, serverParts, reason, detail) => {
    const policy = makePolicy(policyParts as Parameters<typeof makePolicy>[0]);
    const fresh = plan(policy, observedRegion({ ...converged, servers: [server('i-1', serverParts)] }));
    expect(sessionLines(fresh)).toEqual([]);
    expect(skipsFor(fresh, 'eni-1-0')).toEqual([{ region: 'us-east-1', instanceId: 'i-1', networkInterfaceId: 'eni-1-0', reason, detail }]);

    const existing = plan(
      policy,
      observedRegion({ ...converged, servers: [server('i-1', serverParts)], sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')] }),
    );
    expect(action(existing, 'session/vpc-a/eni-1-0')).toMatchObject({ action: 'delete', resourceId: 'tms-1', reason: detail });
  });

  it('a type the policy allows is mirrored', () => {
    const result = plan(
      makePolicy({ instanceSupport: { allow: ['m8g'], deny: [] } }),
      observedRegion({ ...converged, servers: [server('i-1', { type: 'm8g.large' })] }),
    );
    expect(sessionLines(result)).toEqual(['create session/vpc-a/eni-1-0']);
  });

  it.each([
    ['a target of this policy', makePolicy({ targets: { sensor: eniTarget('sensor', 'eni-1-1') } }), []],
    ['a target of another tool', makePolicy(), [observedTarget('tmt-x', { networkInterfaceId: 'eni-1-1' })]],
  ])('an interface that is %s is never a source (loop)', (_name, policy, targets) => {
    const result = plan(policy, observedRegion({ targets: [...converged.targets, ...targets], filters: converged.filters, servers: [server('i-1', { interfaces: 2 })] }));
    expect(sessionLines(result)).toEqual(['create session/vpc-a/eni-1-0']);
    expect(skipsFor(result, 'eni-1-1').map((item) => item.reason)).toEqual(['interface-is-mirror-target']);
  });
});

describe("other tools' sessions and the 3-per-interface limit", () => {
  it("takes the lowest number another tool's sessions leave free, and never touches them", () => {
    const result = plan(
      makePolicy(),
      observedRegion({
        ...converged,
        servers: [server('i-1')],
        sessions: [observedSession('tms-a', 'eni-1-0', { sessionNumber: 1 }), observedSession('tms-b', 'eni-1-0', { sessionNumber: 3 })],
      }),
    );
    expect(sessionLines(result)).toEqual(['create session/vpc-a/eni-1-0']);
    expect(sessionNumber(result, 'session/vpc-a/eni-1-0')).toBe(2);
    expect(result.cost.byRegion[0]).toMatchObject({ sessionsBefore: 2, sessionsAfter: 3 });
  });

  it('skips an interface that already has 3 sessions, naming them', () => {
    const result = plan(
      makePolicy(),
      observedRegion({
        ...converged,
        servers: [server('i-1')],
        sessions: [1, 2, 3].map((number) => observedSession(`tms-${number}`, 'eni-1-0', { sessionNumber: number })),
      }),
    );
    expect(sessionLines(result)).toEqual([]);
    expect(skipsFor(result, 'eni-1-0')).toEqual([
      expect.objectContaining({
        reason: 'session-limit-reached',
        detail: 'interface eni-1-0 already has 3 sessions (tms-1 (not owned), tms-2 (not owned), tms-3 (not owned)); vpcs entry vpc-a gets none',
      }),
    ]);
  });

  it('gives the last free slot to entries in policy order', () => {
    const result = plan(
      makePolicy({
        targets: { sensor: eniTarget('sensor', 'eni-sensor'), nlb: nlbTarget('nlb') },
        vpcs: [entry({ key: 'first', vpcId: 'vpc-a', target: 'nlb' }), entry({ key: 'second', vpcId: 'vpc-a' })],
      }),
      observedRegion({
        ...converged,
        servers: [server('i-1')],
        sessions: [observedSession('tms-1', 'eni-1-0', { sessionNumber: 1 }), observedSession('tms-2', 'eni-1-0', { sessionNumber: 2 })],
      }),
    );
    expect(sessionLines(result)).toEqual(['create session/first/eni-1-0']);
    expect(skipsFor(result, 'eni-1-0').map((item) => item.reason)).toEqual(['session-limit-reached']);
  });

  it('counts owned sessions that stay, and lets a create wait for an owned delete on the same interface', () => {
    const result = plan(
      makePolicy({ vpcs: [entry({ key: 'new', vpcId: 'vpc-a' })] }),
      observedRegion({
        ...converged,
        servers: [server('i-1')],
        sessions: [
          observedSession('tms-1', 'eni-1-0', { sessionNumber: 1 }),
          observedSession('tms-2', 'eni-1-0', { sessionNumber: 2 }),
          ownedSession('tms-old', 'old', 'eni-1-0', { sessionNumber: 3 }),
        ],
      }),
    );
    expect(sessionLines(result)).toEqual(['create session/new/eni-1-0', 'delete session/old/eni-1-0']);
    expect(sessionNumber(result, 'session/new/eni-1-0')).toBe(3);
    expect(action(result, 'session/new/eni-1-0').dependsOn).toEqual(['us-east-1/session/old/eni-1-0']);
    expect(action(result, 'session/old/eni-1-0').reason).toBe('vpcs entry old is no longer in the policy');
  });
});

describe('session numbers', () => {
  it('uses the entry sessionNumber when it is free', () => {
    const result = plan(makePolicy({ vpcs: [entry({ key: 'vpc-a', sessionNumber: 7 })] }), observedRegion({ ...converged, servers: [server('i-1')] }));
    expect(sessionNumber(result, 'session/vpc-a/eni-1-0')).toBe(7);
  });

  it("reports an explicit number held by another tool's session instead of clobbering it", () => {
    const result = plan(
      makePolicy({ vpcs: [entry({ key: 'vpc-a', sessionNumber: 1 })] }),
      observedRegion({ ...converged, servers: [server('i-1')], sessions: [observedSession('tms-theirs', 'eni-1-0', { sessionNumber: 1 })] }),
    );
    expect(sessionLines(result)).toEqual([]);
    expect(skipsFor(result, 'eni-1-0')).toEqual([
      expect.objectContaining({
        reason: 'session-number-conflict',
        detail: 'vpcs entry vpc-a asks for session number 1 on eni-1-0, held by tms-theirs, a session this policy does not own',
      }),
    ]);
  });

  it('keeps the number of an existing session even when a lower one is free', () => {
    const result = plan(
      makePolicy(),
      observedRegion({ ...converged, servers: [server('i-1')], sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0', { sessionNumber: 5 })] }),
    );
    expect(result.actions).toEqual([]);
  });

  it('renumbers an existing session in place when the entry asks for another free number', () => {
    const result = plan(
      makePolicy({ vpcs: [entry({ key: 'vpc-a', sessionNumber: 2 })] }),
      observedRegion({ ...converged, servers: [server('i-1')], sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0', { sessionNumber: 5 })] }),
    );
    expect(action(result, 'session/vpc-a/eni-1-0')).toMatchObject({
      action: 'update',
      resourceId: 'tms-1',
      changes: [{ attribute: 'sessionNumber', before: 5, after: 2, forcesReplacement: false }],
    });
  });

  it('keeps an existing number, with a warning, when the requested one is held by another tool', () => {
    const result = plan(
      makePolicy({ vpcs: [entry({ key: 'vpc-a', sessionNumber: 1 })] }),
      observedRegion({
        ...converged,
        servers: [server('i-1')],
        sessions: [observedSession('tms-theirs', 'eni-1-0', { sessionNumber: 1 }), ownedSession('tms-1', 'vpc-a', 'eni-1-0', { sessionNumber: 2 })],
      }),
    );
    expect(result.actions).toEqual([]);
    expect(result.warnings).toEqual([
      expect.objectContaining({ code: 'session-number-conflict', message: expect.stringContaining('number 1 on eni-1-0 is held by tms-theirs') }),
    ]);
  });

  it.each([
    ['a chain settles: b moves 2→3 first, then a takes 2', 1, 2, 2, 3, [2, 3], 'session/a/eni-1-0', ['us-east-1/session/b/eni-1-0']],
    ['a swap does not: both keep their numbers, with warnings', 1, 2, 2, 1, [1, 2], undefined, []],
  ] as const)('renumbering two kept sessions: %s', (_name, aHas, aWants, bHas, bWants, expected, waiting, dependsOn) => {
    const result = plan(
      makePolicy({
        targets: { sensor: eniTarget('sensor', 'eni-sensor'), nlb: nlbTarget('nlb') },
        vpcs: [entry({ key: 'a', vpcId: 'vpc-a', sessionNumber: aWants }), entry({ key: 'b', vpcId: 'vpc-a', target: 'nlb', sessionNumber: bWants })],
      }),
      observedRegion({
        ...converged,
        targets: [...converged.targets, observedTarget('tmt-nlb', { type: 'network-load-balancer', networkLoadBalancerArn: nlbArn('nlb'), description: 'mirrorctl prod target nlb', tags: owned('target/nlb') })],
        servers: [server('i-1')],
        sessions: [
          ownedSession('tms-a', 'a', 'eni-1-0', { sessionNumber: aHas }),
          ownedSession('tms-b', 'b', 'eni-1-0', { sessionNumber: bHas, targetId: 'tmt-nlb', packetLength: 8500 }),
        ],
      }),
    );
    const numberOf = (key: string): number | undefined => {
      const found = result.actions.find((item) => item.key === key);
      return found?.after?.kind === 'session' ? found.after.sessionNumber : undefined;
    };
    expect([numberOf('session/a/eni-1-0') ?? aHas, numberOf('session/b/eni-1-0') ?? bHas]).toEqual(expected);
    if (waiting !== undefined) expect(action(result, waiting).dependsOn).toEqual(dependsOn);
    expect(result.warnings.filter((item) => item.code === 'session-number-conflict')).toHaveLength(waiting === undefined ? 2 : 0);
  });

  it('a new session may take a number freed by a renumbering, after it', () => {
    const result = plan(
      makePolicy({
        targets: { sensor: eniTarget('sensor', 'eni-sensor'), nlb: nlbTarget('nlb') },
        vpcs: [entry({ key: 'moved', vpcId: 'vpc-a', sessionNumber: 3 }), entry({ key: 'new', vpcId: 'vpc-a', target: 'nlb', sessionNumber: 1 })],
      }),
      observedRegion({ ...converged, servers: [server('i-1')], sessions: [ownedSession('tms-1', 'moved', 'eni-1-0', { sessionNumber: 1 })] }),
    );
    expect(sessionNumber(result, 'session/moved/eni-1-0')).toBe(3);
    expect(sessionNumber(result, 'session/new/eni-1-0')).toBe(1);
    expect(action(result, 'session/new/eni-1-0').dependsOn).toContain('us-east-1/session/moved/eni-1-0');
  });
});

describe('two vpcs entries on one VPC', () => {
  it('both give sessions when their targets differ', () => {
    const result = plan(
      makePolicy({
        targets: { sensor: eniTarget('sensor', 'eni-sensor'), nlb: nlbTarget('nlb') },
        vpcs: [entry({ key: 'a', vpcId: 'vpc-a' }), entry({ key: 'b', vpcId: 'vpc-a', target: 'nlb' })],
      }),
      observedRegion({ ...converged, servers: [server('i-1')] }),
    );
    expect(sessionLines(result)).toEqual(['create session/a/eni-1-0', 'create session/b/eni-1-0']);
    expect([sessionNumber(result, 'session/a/eni-1-0'), sessionNumber(result, 'session/b/eni-1-0')]).toEqual([1, 2]);
  });

  it("keeps the first entry's session when both send the interface to the same target, and warns", () => {
    const result = plan(
      makePolicy({ vpcs: [entry({ key: 'a', vpcId: 'vpc-a' }), entry({ key: 'b', vpcTags: { env: 'prod' } })] }),
      observedRegion({
        ...converged,
        vpcs: [vpc('vpc-a', { env: 'prod' })],
        servers: [server('i-1')],
        sessions: [ownedSession('tms-b', 'b', 'eni-1-0')],
      }),
    );
    expect(sessionLines(result)).toEqual(['create session/a/eni-1-0', 'delete session/b/eni-1-0']);
    expect(action(result, 'session/b/eni-1-0').reason).toBe('duplicate of session/a/eni-1-0: both send eni-1-0 to target sensor');
    expect(result.warnings).toEqual([
      expect.objectContaining({
        code: 'duplicate-entry-target',
        message: "vpcs entries a and b both send 1 interface to target sensor (eni-1-0); only a's sessions are kept",
      }),
    ]);
  });
});

describe('stopped instances', () => {
  it('keep their sessions (no action), get no new ones, and the plan says so', () => {
    const result = plan(
      makePolicy(),
      observedRegion({
        ...converged,
        servers: [server('i-1', { state: 'stopped', interfaces: 2 })],
        sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')],
      }),
    );
    expect(result.actions).toEqual([]);
    expect(result.skipped.map((item) => [item.networkInterfaceId, item.reason, item.detail])).toEqual([
      ['eni-1-0', 'instance-not-running', 'instance i-1 is stopped: no new session until it runs; its 1 existing session kept (still billed)'],
      ['eni-1-1', 'instance-not-running', 'instance i-1 is stopped: no new session until it runs'],
    ]);
    expect(result.warnings).toEqual([
      { code: 'stopped-instances-keep-sessions', region: 'us-east-1', message: '1 stopped instance keeps its mirror sessions, which AWS still bills: i-1' },
    ]);
    expect(result.cost.byRegion[0]).toMatchObject({ sessionsBefore: 1, sessionsAfter: 1 });
  });

  it('still have their kept sessions converged (here: a new filter)', () => {
    const result = plan(
      makePolicy({ vpcs: [entry({ key: 'vpc-a', filter: 'web' })], filters: { web: { name: 'web', networkServices: [], ingress: [], egress: [] } } }),
      observedRegion({ ...converged, servers: [server('i-1', { state: 'stopped' })], sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')] }),
    );
    expect(action(result, 'session/vpc-a/eni-1-0')).toMatchObject({
      action: 'update',
      changes: [{ attribute: 'filter', before: { key: 'filter/all', id: 'tmf-all' }, after: { key: 'filter/web' } }],
      dependsOn: ['us-east-1/filter/web'],
    });
  });
});

describe('owned sessions nobody wants any more', () => {
  it.each([
    // An entry naming a VPC that does not exist matches nothing, and is held instead (planner-empty-entries).
    ['the VPC is no longer selected', makePolicy({ vpcs: [entry({ key: 'vpc-a', vpcId: 'vpc-sensors' })] }), 'VPC vpc-a is no longer selected by vpcs entry vpc-a'],
    ['the entry was removed', makePolicy({ vpcs: [] }), 'vpcs entry vpc-a is no longer in the policy'],
    ['the instance lost the selector tags', makePolicy({ vpcs: [entry({ key: 'vpc-a', instanceTags: { mirror: 'yes' } })] }), 'instance i-1 does not carry the tags mirror=yes of vpcs entry vpc-a'],
    ['the entry now mirrors primary interfaces only', makePolicy({ vpcs: [entry({ key: 'vpc-a', interfaces: 'primary' })] }), 'vpcs entry vpc-a mirrors primary interfaces only'],
    ['the entry no longer applies to the region', makePolicy({ regions: ['us-east-1', 'eu-west-1'], vpcs: [entry({ key: 'vpc-a', regions: ['eu-west-1'] })] }), 'vpcs entry vpc-a no longer applies to us-east-1'],
  ])('are deleted when %s', (_name, policy, reason) => {
    const result = plan(
      policy,
      observedRegion({ ...converged, servers: [server('i-1', { interfaces: 2 })], sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-1')] }),
    );
    expect(action(result, 'session/vpc-a/eni-1-1')).toMatchObject({ action: 'delete', resourceId: 'tms-1', reason });
  });

  it('deletes a second copy with the same key, and an owned session whose key does not name its interface', () => {
    const result = plan(
      makePolicy(),
      observedRegion({
        ...converged,
        servers: [server('i-1')],
        sessions: [
          ownedSession('tms-1', 'vpc-a', 'eni-1-0', { sessionNumber: 1 }),
          ownedSession('tms-2', 'vpc-a', 'eni-1-0', { sessionNumber: 2 }),
          observedSession('tms-3', 'eni-1-0', { sessionNumber: 3, tags: owned('session/vpc-a/eni-9-9') }),
        ],
      }),
    );
    expect(result.actions.map((item) => [item.id, item.action, item.reason])).toEqual([
      ['us-east-1/session/vpc-a/eni-1-0#tms-2', 'delete', 'duplicate of tms-1 (same key)'],
      ['us-east-1/tms-3', 'delete', 'owned by policy prod but its mirrorctl:key tag is missing or does not name its interface'],
    ]);
  });

  it('another policy’s sessions are foreign: kept and counted', () => {
    const result = plan(
      // Its session sends to the same target: only `add` puts one of ours next to it.
      makePolicy({ alreadyMirrored: 'add' }),
      observedRegion({
        ...converged,
        servers: [server('i-1')],
        sessions: [ownedSession('tms-x', 'vpc-a', 'eni-1-0', { tags: owned('session/vpc-a/eni-1-0', 'staging') })],
      }),
    );
    expect(sessionLines(result)).toEqual(['create session/vpc-a/eni-1-0']);
    expect(sessionNumber(result, 'session/vpc-a/eni-1-0')).toBe(2);
  });
});

describe('session attributes', () => {
  const nlbPolicy = (packetLength?: number) =>
    makePolicy({
      targets: { sensor: nlbTarget('sensor') },
      vpcs: [entry({ key: 'vpc-a', ...(packetLength === undefined ? {} : { packetLength }) })],
    });
  const nlbState = (sessionParts: Parameters<typeof ownedSession>[3]) =>
    observedRegion({
      servers: [server('i-1')],
      filters: converged.filters,
      targets: [
        observedTarget('tmt-nlb', {
          type: 'network-load-balancer',
          networkLoadBalancerArn: nlbArn('sensor'),
          description: 'mirrorctl prod target sensor',
          tags: owned('target/sensor'),
        }),
      ],
      sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0', { targetId: 'tmt-nlb', ...sessionParts })],
    });

  it('an NLB target’s default packet length (8500) is not drift', () => {
    expect(plan(nlbPolicy(), nlbState({ packetLength: 8500, virtualNetworkId: 777 })).actions).toEqual([]);
  });

  it('a VNI the policy leaves open is never changed (AWS picked one at random)', () => {
    expect(plan(makePolicy(), observedRegion({ ...converged, servers: [server('i-1')], sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0', { virtualNetworkId: 123 })] })).actions).toEqual([]);
  });

  it.each([
    ['packet length set', { packetLength: 200 }, { vpcs: [entry({ key: 'vpc-a', packetLength: 128 })] }, [{ attribute: 'packetLength', before: 200, after: 128 }]],
    ['packet length dropped from the policy', { packetLength: 200 }, {}, [{ attribute: 'packetLength', before: 200, after: null }]],
    ['VNI set', { virtualNetworkId: 5 }, { vpcs: [entry({ key: 'vpc-a', virtualNetworkId: 9 })] }, [{ attribute: 'virtualNetworkId', before: 5, after: 9 }]],
    ['description edited by hand', { description: 'hand made' }, {}, [{ attribute: 'description', before: 'hand made', after: 'mirrorctl prod vpc-a' }]],
    ['target changed by hand', { targetId: 'tmt-other' }, {}, [{ attribute: 'target', before: { key: 'tmt-other', id: 'tmt-other' }, after: { key: 'target/sensor', id: 'tmt-sensor' } }]],
  ] as const)('%s → update in place', (_name, sessionParts, policyParts, changes) => {
    const result = plan(
      makePolicy(policyParts as Parameters<typeof makePolicy>[0]),
      observedRegion({ ...converged, servers: [server('i-1')], sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0', sessionParts)] }),
    );
    expect(result.actions).toHaveLength(1);
    expect(action(result, 'session/vpc-a/eni-1-0')).toMatchObject({
      action: 'update',
      resourceId: 'tms-1',
      changes: changes.map((item) => ({ ...item, forcesReplacement: false })),
    });
  });
});

describe('sessions of another mirrorctl policy', () => {
  it('are left alone but reported, since a renamed policy would mirror every interface twice', () => {
    const converged = convergedSensor();
    const oldPolicySession = observedSession('tms-old', 'eni-1-0', {
      targetId: 'tmt-old',
      filterId: 'tmf-old',
      tags: owned('session/vpc-a/eni-1-0', 'prod-before-rename'),
    });
    const result = plan(makePolicy(), observedRegion({ ...converged, servers: [server('i-1')], sessions: [oldPolicySession] }));
    expect(result.actions.some((item) => item.resourceId === 'tms-old')).toBe(false);
    expect(result.warnings.filter((warning) => warning.code === 'other-mirrorctl-policy')).toEqual([
      {
        code: 'other-mirrorctl-policy',
        region: 'us-east-1',
        message: expect.stringContaining('1 mirror session in us-east-1 belongs to the mirrorctl policy "prod-before-rename"'),
      },
    ]);
  });
});
