import { describe, expect, it } from 'vitest';
import type { ObservedAccount, ObservedRegion } from '../../src/core/types/observed.js';
import { compareFingerprints } from '../../src/planfile/fingerprint-diff.js';
import { fingerprintObserved } from '../../src/planfile/fingerprint.js';
import { account, instance, networkInterface, observedSession, region } from './fixtures.js';

function reversed(source: ObservedRegion): ObservedRegion {
  return {
    ...source,
    vpcs: [...source.vpcs].reverse(),
    instances: [...source.instances].reverse(),
    networkInterfaces: [...source.networkInterfaces].reverse(),
    filters: source.filters.map((filter) => ({ ...filter, rules: [...filter.rules].reverse() })),
    sessions: [...source.sessions].reverse(),
  };
}

describe('fingerprintObserved', () => {
  it('does not depend on the order discovery returned records, rules or regions in', () => {
    const east = region('us-east-1');
    const west = region('eu-west-1');
    expect(fingerprintObserved(account(reversed(west), reversed(east)))).toEqual(fingerprintObserved(account(east, west)));
  });

  it('does not depend on the order of keys inside a record', () => {
    const one = region('us-east-1', { instances: [{ id: 'i-1', type: 't3.large', state: 'running', tags: { a: '1', b: '2' } }] });
    const two = region('us-east-1', { instances: [{ tags: { b: '2', a: '1' }, state: 'running', type: 't3.large', id: 'i-1' }] });
    expect(fingerprintObserved(account(one))).toEqual(fingerprintObserved(account(two)));
  });

  it('changes the category digest when any attribute changes', () => {
    const before = fingerprintObserved(account(region('us-east-1')));
    const after = fingerprintObserved(
      account(region('us-east-1', { instances: [instance('i-1', { tags: { Name: 'i-1', env: 'prod' } }), instance('i-2')] })),
    );
    const [beforeRegion] = before.regions;
    const [afterRegion] = after.regions;
    expect(afterRegion?.categories.instances.digest).not.toBe(beforeRegion?.categories.instances.digest);
    expect(afterRegion?.categories.sessions).toEqual(beforeRegion?.categories.sessions);
  });

  it('keys traffic-mirror records by id and the numerous instances and interfaces by a hash of the id', () => {
    const [fingerprint] = fingerprintObserved(account(region('us-east-1'))).regions;
    expect(fingerprint?.categories.sessions.records).toMatch(/^tms-1:[\w-]{4}$/);
    expect(fingerprint?.categories.instances.keyedBy).toBe('id-hash');
    expect(fingerprint?.categories.instances.records).not.toContain('i-1');
    expect(fingerprint?.categories.instances.count).toBe(2);
  });

  it('stays a few hundred KB at 10,000 instances: ~12 bytes per instance or interface, ~27 per session', () => {
    const ids = Array.from({ length: 10_000 }, (_, index) => index.toString(16).padStart(17, '0'));
    const compute = region('us-east-1', {
      instances: ids.map((id) => instance(`i-${id}`)),
      networkInterfaces: ids.map((id) => networkInterface(`eni-${id}`, `i-${id}`)),
      sessions: [],
    });
    const mirrored = { ...compute, sessions: ids.map((id) => observedSession(`tms-${id}`, `eni-${id}`)) };
    expect(JSON.stringify(fingerprintObserved(account(compute))).length).toBeLessThan(250_000);
    expect(JSON.stringify(fingerprintObserved(account(mirrored))).length).toBeLessThan(525_000);
  });
});

describe('compareFingerprints', () => {
  const base = account(region('us-east-1'));

  function compare(now: ObservedAccount, withNames = true): string[] {
    return compareFingerprints(fingerprintObserved(base), fingerprintObserved(now), withNames ? now : undefined);
  }

  it('finds no difference between equal states', () => {
    expect(compare(account(reversed(region('us-east-1'))))).toEqual([]);
  });

  it('names sessions that were added, removed or changed', () => {
    const now = account(
      region('us-east-1', {
        sessions: [observedSession('tms-2', 'eni-2'), observedSession('tms-3', 'eni-2', { sessionNumber: 2 })],
      }),
    );
    expect(compare(now)).toEqual(['us-east-1: 2 sessions added (tms-2, tms-3), 1 session removed (tms-1)']);
    const modified = account(region('us-east-1', { sessions: [observedSession('tms-1', 'eni-1', { packetLength: 128 })] }));
    expect(compare(modified)).toEqual(['us-east-1: 1 session changed (tms-1)']);
  });

  it('names at most five ids and counts the rest', () => {
    const sessions = Array.from({ length: 8 }, (_, index) => observedSession(`tms-x${index}`, 'eni-2'));
    const now = account(region('us-east-1', { sessions: [observedSession('tms-1', 'eni-1'), ...sessions] }));
    expect(compare(now)).toEqual(['us-east-1: 8 sessions added (tms-x0, tms-x1, tms-x2, tms-x3, tms-x4 and 3 more)']);
  });

  it('names changed and added instances from the current discovery, and counts removed interfaces', () => {
    const now = account(
      region('us-east-1', {
        instances: [instance('i-1', { state: 'stopped' }), instance('i-2'), instance('i-3')],
        networkInterfaces: [networkInterface('eni-1', 'i-1')],
      }),
    );
    expect(compare(now)).toEqual([
      'us-east-1: 1 instance added (i-3), 1 instance changed (i-1), 1 network interface removed',
    ]);
  });

  it('still counts hashed records when the current state is not given', () => {
    const now = account(region('us-east-1', { instances: [instance('i-1', { state: 'stopped' }), instance('i-2')] }));
    expect(compare(now, false)).toEqual(['us-east-1: 1 instance changed']);
  });

  it("names a load balancer whose registered sensors changed, and skips a category an older plan file lacks", () => {
    const nlb = (targets: readonly string[]) => ({
      arn: 'arn:nlb',
      listeners: [{ protocol: 'UDP', port: 4789 }],
      targets: targets.map((id) => ({ id, type: 'instance' as const })),
    });
    const reviewed = account(region('us-east-1', { loadBalancers: [nlb(['i-8'])] }));
    const now = account(region('us-east-1', { loadBalancers: [nlb(['i-1', 'i-8'])] }));
    expect(compareFingerprints(fingerprintObserved(reviewed), fingerprintObserved(now), now)).toEqual([
      'us-east-1: 1 load balancer changed (arn:nlb)',
    ]);
    const [olderRegion] = fingerprintObserved(reviewed).regions;
    const { loadBalancers: _omitted, ...olderCategories } = olderRegion!.categories;
    const older = { regions: [{ region: 'us-east-1', categories: olderCategories }] };
    expect(compareFingerprints(older, fingerprintObserved(now), now)).toEqual([]);
  });

  it('names the managed ELBv2 resources that changed: a sensor registered since the plan, a load balancer removed', () => {
    const group = (sensors: readonly string[]) => ({
      arn: 'arn:tg/sensors',
      name: 'mctl-sensors',
      vpcId: 'vpc-1',
      protocol: 'UDP',
      port: 4789,
      targetType: 'instance',
      healthCheck: { protocol: 'TCP', port: '80', healthyThreshold: 3, unhealthyThreshold: 3, intervalSeconds: 30, timeoutSeconds: 10 },
      loadBalancerArns: ['arn:nlb/sensors'],
      targets: sensors.map((id) => ({ id, port: 4789, state: 'healthy' })),
      tags: {},
    });
    const balancer = {
      arn: 'arn:nlb/sensors',
      name: 'mctl-sensors',
      vpcId: 'vpc-1',
      state: 'active',
      scheme: 'internal',
      zones: [{ subnetId: 'subnet-1', availabilityZone: 'us-east-1a' }],
      securityGroups: [],
      listeners: [],
      tags: {},
    };
    const reviewed = account(region('us-east-1', { managedTargetGroups: [group(['i-8'])], managedLoadBalancers: [balancer] }));
    const now = account(region('us-east-1', { managedTargetGroups: [group(['i-1', 'i-8'])] }));
    expect(compareFingerprints(fingerprintObserved(reviewed), fingerprintObserved(now), now)).toEqual([
      'us-east-1: 1 managed load balancer removed (arn:nlb/sensors), 1 managed target group changed (arn:tg/sensors)',
    ]);
  });

  it('reports regions seen on one side only', () => {
    expect(compare(account(region('us-east-1'), region('eu-west-1')))).toEqual([
      'eu-west-1: discovered now, but not in the plan',
    ]);
    expect(compare(account())).toEqual(['us-east-1: in the plan, but not discovered now']);
  });
});
