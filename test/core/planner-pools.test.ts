/**
 * Pools of interface targets: sessions spread same-AZ first, then least loaded, deterministically and stably
 * across re-plans; what does not fit is skipped as target-full, never planned to fail.
 */
import { describe, expect, it } from 'vitest';
import type { ObservedNetworkInterface, ObservedRegion, ObservedTarget } from '../../src/core/types/observed.js';
import type { Plan } from '../../src/core/types/plan.js';
import type { Policy } from '../../src/core/types/policy.js';
import { convergedSensor, entry, makePolicy, observedRegion, observedTarget, owned, ownedSession, policyTarget, server, vpc } from './builders.js';
import { plan, skipsFor } from './plan-helpers.js';

const inZone = (id: string, zone: string, tags: Record<string, string> = {}) => {
  const made = server(id, { tags, interfaceParts: { availabilityZone: `us-east-1${zone}` } });
  return { instance: { ...made.instance, availabilityZone: `us-east-1${zone}` }, interfaces: made.interfaces };
};

/** Sensors s1 (zone a), s2 (zone b), s3 (zone a), tagged role=zeek, in vpc-sensors. */
const SENSORS = [inZone('i-s1', 'a', { role: 'zeek' }), inZone('i-s2', 'b', { role: 'zeek' }), inZone('i-s3', 'a', { role: 'zeek' })].map((item) => ({
  instance: { ...item.instance, vpcId: 'vpc-sensors' },
  interfaces: item.interfaces.map((eni): ObservedNetworkInterface => ({ ...eni, vpcId: 'vpc-sensors' })),
}));

const sources = (zone: string, from: number, count: number) =>
  Array.from({ length: count }, (_, n) => inZone(`i-${zone}${String(from + n).padStart(2, '0')}`, zone));

const poolPolicy = (spec: { networkInterfaceIds: string[] } | { sensorTags: Record<string, string> }): Policy =>
  makePolicy({
    targets: { zeek: policyTarget('zeek', { kind: 'interface-pool', ...spec } as never) },
    vpcs: [entry({ key: 'vpc-a', target: 'zeek' })],
  });

const region = (servers: ReturnType<typeof inZone>[], parts: Partial<ObservedRegion> = {}): ObservedRegion => ({
  ...observedRegion({ servers: [...SENSORS, ...servers], withoutSensor: true, vpcs: [vpc('vpc-a'), vpc('vpc-sensors')], ...convergedSensor(), targets: [] }),
  ...parts,
});

/** Source interface → the pool member key its session goes to. */
function assignment(result: Plan): Record<string, string> {
  return Object.fromEntries(
    result.actions.flatMap((item) =>
      item.after?.kind === 'session' && item.action !== 'delete' ? [[item.after.networkInterfaceId, item.after.target.key.split('/').at(-1) ?? '']] : [],
    ),
  );
}

const memberTarget = (eni: string, id: string): ObservedTarget =>
  observedTarget(id, { networkInterfaceId: eni, description: `mirrorctl prod target zeek ${eni}`, tags: owned(`target/zeek/${eni}`) });

describe('a pool of interface targets', () => {
  const pool = poolPolicy({ networkInterfaceIds: ['eni-s1-0', 'eni-s2-0', 'eni-s3-0'] });

  it('makes one target per member and sends each source to a member of its zone, the least loaded first', () => {
    const result = plan(pool, region([...sources('a', 1, 4), ...sources('b', 1, 2)]));
    expect(result.actions.filter((item) => item.type === 'target').map((item) => `${item.action} ${item.key}`)).toEqual([
      'create target/zeek/eni-s1-0',
      'create target/zeek/eni-s2-0',
      'create target/zeek/eni-s3-0',
    ]);
    expect(assignment(result)).toEqual({
      'eni-a01-0': 'eni-s1-0',
      'eni-a02-0': 'eni-s3-0',
      'eni-a03-0': 'eni-s1-0',
      'eni-a04-0': 'eni-s3-0',
      'eni-b01-0': 'eni-s2-0',
      'eni-b02-0': 'eni-s2-0',
    });
  });

  it('crosses zones only when the zone has no member with room', () => {
    const result = plan(poolPolicy({ networkInterfaceIds: ['eni-s2-0'] }), region(sources('a', 1, 2)));
    expect(assignment(result)).toEqual({ 'eni-a01-0': 'eni-s2-0', 'eni-a02-0': 'eni-s2-0' });
  });

  it('keeps every existing session on its member when a member joins, and gives the newcomers to the least loaded', () => {
    const targets = [memberTarget('eni-s1-0', 'tmt-s1'), memberTarget('eni-s2-0', 'tmt-s2')];
    const sessions = [
      ownedSession('tms-a1', 'vpc-a', 'eni-a01-0', { targetId: 'tmt-s1' }),
      ownedSession('tms-a2', 'vpc-a', 'eni-a02-0', { targetId: 'tmt-s1' }),
      ownedSession('tms-b1', 'vpc-a', 'eni-b01-0', { targetId: 'tmt-s2' }),
    ];
    const result = plan(pool, region([...sources('a', 1, 3), ...sources('b', 1, 1)], { targets, sessions }));
    expect(result.actions.map((item) => `${item.action} ${item.key}`)).toEqual([
      'create target/zeek/eni-s3-0',
      'create session/vpc-a/eni-a03-0',
    ]);
    expect(assignment(result)).toEqual({ 'eni-a03-0': 'eni-s3-0' });
  });

  it('plans the same assignment whatever order discovery listed things in', () => {
    const world = region([...sources('b', 1, 3), ...sources('a', 1, 5)]);
    const reversed: ObservedRegion = { ...world, instances: [...world.instances].reverse(), networkInterfaces: [...world.networkInterfaces].reverse() };
    expect(assignment(plan(pool, reversed))).toEqual(assignment(plan(pool, world)));
  });

  it('skips what no member has room for as target-full, and plans no failure', () => {
    const result = plan(poolPolicy({ networkInterfaceIds: ['eni-s1-0', 'eni-s2-0'] }), region(sources('a', 1, 23)));
    const creates = result.actions.filter((item) => item.type === 'session');
    expect(creates).toHaveLength(20);
    const full = result.skipped.filter((item) => item.reason === 'target-full');
    expect(full.map((item) => item.networkInterfaceId)).toEqual(['eni-a21-0', 'eni-a22-0', 'eni-a23-0']);
    expect(full[0]?.detail).toBe(
      'target zeek: all 2 interfaces of the pool already have their 10 (or 100) sources; no session for eni-a21-0',
    );
  });

  it('selects its members by tag, and never taps the sensors', () => {
    const result = plan(poolPolicy({ sensorTags: { role: 'zeek' } }), region(sources('a', 1, 1)));
    expect(result.actions.filter((item) => item.type === 'target').map((item) => item.key)).toEqual([
      'target/zeek/eni-s1-0',
      'target/zeek/eni-s2-0',
      'target/zeek/eni-s3-0',
    ]);
    expect(assignment(result)).toEqual({ 'eni-a01-0': 'eni-s1-0' });
  });

  it('deletes the target of an interface that leaves the pool, once its sessions moved to another member', () => {
    const targets = [memberTarget('eni-s1-0', 'tmt-s1'), memberTarget('eni-s3-0', 'tmt-s3')];
    const sessions = [ownedSession('tms-a1', 'vpc-a', 'eni-a01-0', { targetId: 'tmt-s3' })];
    const result = plan(poolPolicy({ networkInterfaceIds: ['eni-s1-0'] }), region(sources('a', 1, 1), { targets, sessions }));
    expect(result.actions.map((item) => `${item.action} ${item.key} ${item.reason}`)).toEqual([
      'delete target/zeek/eni-s3-0 interface eni-s3-0 is no longer a member of pool zeek',
      'update session/vpc-a/eni-a01-0 ' + result.actions[1]?.reason,
    ]);
    expect(result.actions[0]?.dependsOn).toEqual(['us-east-1/session/vpc-a/eni-a01-0']);
    expect(skipsFor(result, 'eni-a01-0')).toEqual([]);
  });
});
