import { describe, expect, it } from 'vitest';
import {
  convergedSensor,
  eniTarget,
  entry,
  gwlbeTarget,
  makePolicy,
  nlbArn,
  nlbTarget,
  observedRegion,
  observedTarget,
  owned,
  ownedSession,
  server,
} from './builders.js';
import { action, plan, summaryLines } from './plan-helpers.js';

// AWS holds one target per NLB and per interface: a target already there is used, never created again.
const converged = convergedSensor();
const filtersOnly = { filters: converged.filters };
const oneServer = { servers: [server('i-1')] };
const collectorPolicy = makePolicy({ targets: { collector: nlbTarget('collector') }, vpcs: [entry({ key: 'vpc-a', target: 'collector' })] });
const onCollector = (id: string, parts: Parameters<typeof observedTarget>[1] = {}) =>
  observedTarget(id, { type: 'network-load-balancer', networkLoadBalancerArn: nlbArn('collector'), ...parts });

const sessionTarget = (result: ReturnType<typeof plan>, key: string) => {
  const after = action(result, key).after;
  return after?.kind === 'session' ? after.target : undefined;
};

describe("a target someone else already has on the policy target's resource", () => {
  it("is used by the sessions instead of a new target, and the plan says whose it is", () => {
    const result = plan(collectorPolicy, observedRegion({ ...filtersOnly, ...oneServer, targets: [onCollector('tmt-theirs', { tags: { Name: 'tap' } })] }));
    expect(summaryLines(result)).toEqual(['create session/vpc-a/eni-1-0']);
    expect(sessionTarget(result, 'session/vpc-a/eni-1-0')).toEqual({ key: 'target/collector', id: 'tmt-theirs' });
    expect(result.warnings).toEqual([
      {
        code: 'existing-target-used',
        region: 'us-east-1',
        message:
          'target collector: tmt-theirs already exists on NLB net/collector/0123456789abcdef (made by another tool or by hand); ' +
          'AWS allows one target there, so sessions use it, and mirrorctl will never change or delete it; to say so in the ' +
          'policy (and no longer be warned), use trafficMirrorTargetId: tmt-theirs for target collector',
      },
    ]);
  });

  it.each([
    ['another mirrorctl policy', { tags: owned('target/sensor', 'staging') }, 'made by the mirrorctl policy "staging"'],
    ["Vectra's older tool", { description: 'VectraTrafficMirror' }, "made by Vectra's traffic mirroring tool"],
  ])('names who made it: %s', (_who, parts, madeBy) => {
    const result = plan(collectorPolicy, observedRegion({ ...filtersOnly, ...oneServer, targets: [onCollector('tmt-theirs', parts)] }));
    expect(summaryLines(result)).toEqual(['create session/vpc-a/eni-1-0']);
    expect(result.warnings[0]?.message).toContain(`(${madeBy})`);
  });

  it('works the same for an interface and a Gateway Load Balancer endpoint', () => {
    const policy = makePolicy({
      targets: { sensor: eniTarget('sensor', 'eni-sensor'), gwlb: gwlbeTarget('gwlb', 'vpce-0123456789abcdef0') },
      vpcs: [entry({ key: 'vpc-a' }), entry({ key: 'vpc-b', target: 'gwlb' })],
    });
    const result = plan(
      policy,
      observedRegion({
        ...filtersOnly,
        servers: [server('i-1'), server('i-2', { vpcId: 'vpc-b' })],
        vpcs: [{ id: 'vpc-a', tags: {} }, { id: 'vpc-b', tags: {} }, { id: 'vpc-sensors', tags: {} }],
        targets: [
          observedTarget('tmt-zeek', { networkInterfaceId: 'eni-sensor', description: 'Zeek on sensor-1' }),
          observedTarget('tmt-gwlb', { type: 'gateway-load-balancer-endpoint', gatewayLoadBalancerEndpointId: 'vpce-0123456789abcdef0' }),
        ],
      }),
    );
    expect(summaryLines(result)).toEqual(['create session/vpc-a/eni-1-0', 'create session/vpc-b/eni-2-0']);
    expect(sessionTarget(result, 'session/vpc-a/eni-1-0')?.id).toBe('tmt-zeek');
    expect(sessionTarget(result, 'session/vpc-b/eni-2-0')?.id).toBe('tmt-gwlb');
    expect(result.warnings.map((item) => item.message.slice(0, item.message.indexOf(' (')))).toEqual([
      'target gwlb: tmt-gwlb already exists on Gateway Load Balancer endpoint vpce-0123456789abcdef0',
      'target sensor: tmt-zeek already exists on interface eni-sensor',
    ]);
  });

  it('leaves nothing to do once the sessions use it', () => {
    const result = plan(
      collectorPolicy,
      observedRegion({
        ...filtersOnly,
        ...oneServer,
        targets: [onCollector('tmt-theirs')],
        sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0', { targetId: 'tmt-theirs' })],
      }),
    );
    expect(result.actions).toEqual([]);
    expect(result.warnings.map((item) => item.code)).toEqual(['existing-target-used']);
  });

  it("replaces the policy's own target for that key: sessions move to the existing one, then the owned one goes", () => {
    const oldOwn = observedTarget('tmt-own', {
      type: 'network-load-balancer',
      networkLoadBalancerArn: nlbArn('old'),
      description: 'mirrorctl prod target collector',
      tags: owned('target/collector'),
    });
    const result = plan(
      collectorPolicy,
      observedRegion({
        ...filtersOnly,
        ...oneServer,
        targets: [oldOwn, onCollector('tmt-theirs')],
        sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0', { targetId: 'tmt-own' })],
      }),
    );
    expect(result.actions.map((item) => [item.id, item.action, item.dependsOn])).toEqual([
      ['us-east-1/target/collector', 'delete', ['us-east-1/session/vpc-a/eni-1-0']],
      ['us-east-1/session/vpc-a/eni-1-0', 'update', []],
    ]);
    expect(action(result, 'target/collector').reason).toBe('target collector now references the existing target tmt-theirs');
    expect(sessionTarget(result, 'session/vpc-a/eni-1-0')?.id).toBe('tmt-theirs');
  });

  it("never uses another account's shared target, even on the same ARN", () => {
    const shared = onCollector('tmt-shared', { ownerId: '999988887777' });
    const result = plan(collectorPolicy, observedRegion({ ...filtersOnly, ...oneServer, targets: [shared] }));
    expect(summaryLines(result)).toEqual(['create target/collector', 'create session/vpc-a/eni-1-0']);
    expect(result.warnings).toEqual([]);
  });

  it('is left in place by destroy, which deletes only the sessions the policy made on it', () => {
    const result = plan(
      collectorPolicy,
      observedRegion({
        ...filtersOnly,
        ...oneServer,
        targets: [onCollector('tmt-theirs')],
        sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0', { targetId: 'tmt-theirs' })],
      }),
      { mode: 'destroy' },
    );
    expect(summaryLines(result)).toEqual(['delete filter/all', 'delete session/vpc-a/eni-1-0']);
  });
});

describe("the policy's own target on the resource under another key (a renamed policy target)", () => {
  const renamed = makePolicy({ targets: { zeek: eniTarget('zeek', 'eni-sensor') }, vpcs: [entry({ key: 'vpc-a', target: 'zeek' })] });
  const sessions = [ownedSession('tms-1', 'vpc-a', 'eni-1-0')];

  it('is taken over by changing its key tag, not created again beside it and not deleted', () => {
    const result = plan(renamed, observedRegion({ ...converged, ...oneServer, sessions }));
    expect(result.actions.map((item) => [item.id, item.action, item.resourceId])).toEqual([['us-east-1/target/zeek', 'update', 'tmt-sensor']]);
    const takeover = action(result, 'target/zeek');
    expect(takeover.changes).toEqual([
      { attribute: 'tags', before: owned('target/sensor'), after: owned('target/zeek'), forcesReplacement: false },
    ]);
    expect(takeover.reason).toBe(
      "tmt-sensor on interface eni-sensor is this policy's, kept under target/sensor; AWS allows one target there, so target zeek takes it over",
    );
    expect(result.warnings.map((item) => item.code)).toEqual(['target-description-differs']);
  });

  it('keeps its other tags, and once re-keyed needs nothing more', () => {
    const tagged = observedTarget('tmt-sensor', { networkInterfaceId: 'eni-sensor', description: 'mirrorctl prod target sensor', tags: { ...owned('target/sensor'), team: 'secops' } });
    const first = plan(renamed, observedRegion({ ...converged, targets: [tagged], ...oneServer, sessions }));
    expect(action(first, 'target/zeek').after).toMatchObject({ tags: { ...owned('target/zeek'), team: 'secops' } });
    const rekeyed = observedTarget('tmt-sensor', { ...tagged, tags: { ...owned('target/zeek'), team: 'secops' } });
    const again = plan(renamed, observedRegion({ ...converged, targets: [rekeyed], ...oneServer, sessions }));
    expect(again.actions).toEqual([]);
  });

  it('is only referenced by a run scoped to some interfaces, which may not change targets', () => {
    const result = plan(renamed, observedRegion({ ...converged, servers: [server('i-1'), server('i-2')], sessions }), {
      scope: { kind: 'interfaces', region: 'us-east-1', interfaceIds: ['eni-2-0'] },
    });
    expect(summaryLines(result)).toEqual(['create session/vpc-a/eni-2-0']);
    expect(sessionTarget(result, 'session/vpc-a/eni-2-0')?.id).toBe('tmt-sensor');
  });
});
