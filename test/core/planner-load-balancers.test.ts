import { describe, expect, it } from 'vitest';
import type { ObservedLoadBalancer, ObservedLoadBalancerTarget, ObservedListener } from '../../src/core/types/observed.js';
import {
  convergedSensor,
  entry,
  eniOf,
  gwlbeTarget,
  makePolicy,
  nlbArn,
  nlbTarget,
  observedRegion,
  observedTarget,
  owned,
  ownedSession,
  server,
  vpc,
} from './builders.js';
import { action, plan, sessionLines, skipsFor, warningCodes } from './plan-helpers.js';

const VXLAN: ObservedListener = { protocol: 'UDP', port: 4789 };
const ARN = nlbArn('sensor-nlb');

function nlb(parts: { listeners?: ObservedListener[]; targets?: ObservedLoadBalancerTarget[]; arn?: string } = {}): ObservedLoadBalancer {
  return { arn: parts.arn ?? ARN, listeners: parts.listeners ?? [VXLAN], targets: parts.targets ?? [] };
}

/** Every instance of vpc-a mirrored to the NLB target "sensor-nlb", which mirrorctl already created. */
const nlbPolicy = makePolicy({
  targets: { 'sensor-nlb': nlbTarget('sensor-nlb') },
  vpcs: [entry({ key: 'vpc-a', target: 'sensor-nlb' })],
});
const nlbCreated = [
  observedTarget('tmt-nlb', {
    type: 'network-load-balancer',
    networkLoadBalancerArn: ARN,
    description: 'mirrorctl prod target sensor-nlb',
    tags: owned('target/sensor-nlb'),
  }),
];
const { filters } = convergedSensor();

describe('loop guard: sensors behind an NLB target are never tapped', () => {
  it('skips every interface of an instance registered behind the NLB, without any exclusion', () => {
    const result = plan(
      nlbPolicy,
      observedRegion({
        targets: nlbCreated,
        filters,
        servers: [server('i-app'), server('i-zeek', { interfaces: 2 })],
        loadBalancers: [nlb({ targets: [{ id: 'i-zeek', type: 'instance' }] })],
      }),
    );
    expect(sessionLines(result)).toEqual(['create session/vpc-a/eni-app-0']);
    for (const eni of [eniOf('i-zeek', 0), eniOf('i-zeek', 1)]) {
      expect(skipsFor(result, eni)).toEqual([
        {
          region: 'us-east-1',
          instanceId: 'i-zeek',
          networkInterfaceId: eni,
          reason: 'interface-is-mirror-target',
          detail: 'instance i-zeek is a sensor behind target sensor-nlb (mirroring it would loop)',
        },
      ]);
    }
    expect(result.warnings).toEqual([]);
  });

  it('matches an IP target on any private IP of an interface, and then skips the whole instance', () => {
    const zeek = server('i-zeek', { interfaces: 2 });
    const [primary, data] = zeek.interfaces;
    const withIps = {
      instance: zeek.instance,
      interfaces: [
        { ...primary!, privateIpAddresses: ['10.0.0.5'] },
        { ...data!, privateIpAddresses: ['10.0.1.7', '10.0.1.8'] },
      ],
    };
    const result = plan(
      nlbPolicy,
      observedRegion({
        targets: nlbCreated,
        filters,
        servers: [withIps, server('i-app', { interfaceParts: { privateIpAddresses: ['10.0.0.6'] } })],
        loadBalancers: [nlb({ targets: [{ id: '10.0.1.8', type: 'ip', vpcId: 'vpc-a' }] })],
      }),
    );
    expect(sessionLines(result)).toEqual(['create session/vpc-a/eni-app-0']);
    expect(skipsFor(result, eniOf('i-zeek', 0)).map((skip) => [skip.reason, skip.detail])).toEqual([
      [
        'interface-is-mirror-target',
        'instance i-zeek is a sensor behind target sensor-nlb: 10.0.1.8 (eni-zeek-1) is registered with its load balancer (mirroring it would loop)',
      ],
    ]);
    expect(skipsFor(result, eniOf('i-zeek', 1)).map((skip) => skip.reason)).toEqual(['interface-is-mirror-target']);
  });

  it.each([
    ['in the target group VPC: only that VPC', 'vpc-sensors', ['create session/vpc-a/eni-app-0']],
    ['outside the target group VPC: any VPC', undefined, []],
  ] as const)('matches an IP target %s', (_case, vpcId, expected) => {
    const result = plan(
      nlbPolicy,
      observedRegion({
        vpcs: [vpc('vpc-a'), vpc('vpc-sensors')],
        targets: nlbCreated,
        filters,
        servers: [server('i-app', { interfaceParts: { privateIpAddresses: ['10.0.0.5'] } })],
        loadBalancers: [nlb({ targets: [{ id: '10.0.0.5', type: 'ip', ...(vpcId === undefined ? {} : { vpcId }) }] })],
      }),
    );
    expect(sessionLines(result)).toEqual(expected);
  });

  it('deletes an owned session on a sensor, saying why', () => {
    const result = plan(
      nlbPolicy,
      observedRegion({
        targets: nlbCreated,
        filters,
        servers: [server('i-zeek')],
        sessions: [ownedSession('tms-zeek', 'vpc-a', eniOf('i-zeek'), { targetId: 'tmt-nlb', packetLength: 8500 })],
        loadBalancers: [nlb({ targets: [{ id: 'i-zeek', type: 'instance' }] })],
      }),
    );
    const deleted = action(result, 'session/vpc-a/eni-zeek-0');
    expect(deleted.action).toBe('delete');
    expect(deleted.resourceId).toBe('tms-zeek');
    expect(deleted.reason).toBe('instance i-zeek is a sensor behind target sensor-nlb (mirroring it would loop)');
  });

  it('guards sensors behind a policy NLB target from every entry, whatever target the entry uses', () => {
    const result = plan(
      makePolicy({
        targets: { sensor: convergedSensorTarget(), 'sensor-nlb': nlbTarget('sensor-nlb') },
        vpcs: [entry({ key: 'vpc-a', target: 'sensor' })],
      }),
      observedRegion({
        ...convergedSensor(),
        servers: [server('i-zeek')],
        loadBalancers: [nlb({ targets: [{ id: 'i-zeek', type: 'instance' }] })],
      }),
    );
    expect(sessionLines(result)).toEqual([]);
    expect(skipsFor(result, eniOf('i-zeek')).map((skip) => skip.reason)).toEqual(['interface-is-mirror-target']);
  });

  it('keeps an explicit exclusion as the reason reported', () => {
    const result = plan(
      makePolicy({ ...nlbPolicy, exclude: { instanceIds: ['i-zeek'], networkInterfaceIds: [], tags: {} } }),
      observedRegion({
        targets: nlbCreated,
        filters,
        servers: [server('i-zeek')],
        loadBalancers: [nlb({ targets: [{ id: 'i-zeek', type: 'instance' }] })],
      }),
    );
    expect(skipsFor(result, eniOf('i-zeek')).map((skip) => skip.reason)).toEqual(['excluded-instance']);
  });
});

describe('listener check: an NLB target needs a UDP listener on port 4789', () => {
  it.each<[string, ObservedListener[], boolean]>([
    ['UDP 4789', [VXLAN], false],
    ['TCP_UDP 4789', [{ protocol: 'TCP_UDP', port: 4789 }], false],
    ['TCP 4789 only', [{ protocol: 'TCP', port: 4789 }], true],
    ['UDP on another port', [{ protocol: 'UDP', port: 6081 }, { protocol: 'TCP', port: 22 }], true],
    ['no listener at all', [], true],
  ])('%s: warned %s', (_case, listeners, warned) => {
    const result = plan(nlbPolicy, observedRegion({ targets: nlbCreated, filters, servers: [server('i-app')], loadBalancers: [nlb({ listeners })] }));
    expect(warningCodes(result)).toEqual(warned ? ['nlb-without-vxlan-listener'] : []);
    // A warning, not a block: the sessions are still planned.
    expect(sessionLines(result)).toEqual(['create session/vpc-a/eni-app-0']);
  });

  it('says what is wrong and how to fix it', () => {
    const result = plan(
      nlbPolicy,
      observedRegion({ targets: nlbCreated, filters, loadBalancers: [nlb({ listeners: [{ protocol: 'TCP', port: 22 }] })] }),
    );
    expect(result.warnings).toEqual([
      {
        code: 'nlb-without-vxlan-listener',
        region: 'us-east-1',
        message:
          `target sensor-nlb: load balancer ${ARN} has no UDP listener on port 4789 (its listeners are TCP 22): ` +
          'Traffic Mirroring to it fails silently, AWS reports no error and the sensors receive nothing; ' +
          "add a UDP (or TCP_UDP) listener on port 4789 that forwards to the sensors' target group",
      },
    ]);
  });

  it('warns when the NLB does not exist', () => {
    const result = plan(nlbPolicy, observedRegion({ loadBalancers: [{ arn: ARN, notFound: true, listeners: [], targets: [] }] }));
    expect(result.warnings.map((warning) => [warning.code, warning.region])).toEqual([['nlb-not-found', 'us-east-1']]);
    expect(result.warnings[0]?.message).toContain(`load balancer ${ARN} was not found in us-east-1`);
  });

  it('checks nothing about a load balancer discovery did not read', () => {
    const result = plan(nlbPolicy, observedRegion({ targets: nlbCreated, filters, servers: [server('i-app')] }));
    expect(result.warnings).toEqual([]);
    const other = plan(nlbPolicy, observedRegion({ targets: nlbCreated, filters, servers: [server('i-app')], loadBalancers: [] }));
    expect(other).toEqual(result);
  });

  it('warns only in converge mode', () => {
    const result = plan(nlbPolicy, observedRegion({ loadBalancers: [nlb({ listeners: [] })] }), { mode: 'destroy' });
    expect(result.warnings).toEqual([]);
  });
});

describe('other target kinds', () => {
  it.each([
    ['an ENI target', makePolicy()],
    ['a GWLB endpoint target', makePolicy({ targets: { sensor: gwlbeTarget('sensor', 'vpce-0123456789abcdef0') } })],
  ])('%s: the plan is the same with or without load balancer data', (_kind, policy) => {
    const parts = { ...convergedSensor(), servers: [server('i-app'), server('i-zeek')] };
    const without = plan(policy, observedRegion(parts));
    const withData = plan(
      policy,
      observedRegion({ ...parts, loadBalancers: [nlb({ listeners: [], targets: [{ id: 'i-zeek', type: 'instance' }] })] }),
    );
    expect(withData).toEqual(without);
    expect(sessionLines(withData)).toContain('create session/vpc-a/eni-zeek-0');
  });
});

function convergedSensorTarget() {
  return makePolicy().targets['sensor']!;
}
