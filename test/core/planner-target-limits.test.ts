import { describe, expect, it } from 'vitest';
import { convergedSensor, makePolicy, observedRegion, observedSession, ownedSession, server } from './builders.js';
import { action, plan, sessionLines } from './plan-helpers.js';

const converged = convergedSensor();
const servers = (count: number) => Array.from({ length: count }, (_unused, n) => server(`i-${String(n).padStart(3, '0')}`));

describe('sources per ENI target', () => {
  it.each([
    ['m5.large', 12, 10],
    ['m5.24xlarge', 12, 12],
    ['m5.24xlarge', 105, 100],
  ])('a target on a %s takes %i sources up to its limit (%i)', (sensorType, count, created) => {
    const region = observedRegion({ ...converged, servers: servers(count) });
    const result = plan(makePolicy(), {
      ...region,
      instances: region.instances.map((item) => (item.id === 'i-sensor' ? { ...item, type: sensorType } : item)),
    });
    expect(sessionLines(result)).toHaveLength(created);
    const limited = result.skipped.filter((item) => item.reason === 'target-full');
    expect(limited).toHaveLength(count - created);
    if (limited[0] !== undefined) {
      expect(limited[0].detail).toBe(`target target/sensor (eni-sensor on a ${sensorType}) already has ${created} source interfaces, its limit; no session for ${limited[0].networkInterfaceId}`);
    }
  });

  it("counts other tools' sources on the target and keeps existing ones", () => {
    const sessions = [
      ...Array.from({ length: 4 }, (_unused, n) => observedSession(`tms-f${n}`, `eni-f${n}`, { targetId: 'tmt-sensor' })),
      ...['000', '001'].map((n) => ownedSession(`tms-${n}`, 'vpc-a', `eni-${n}-0`)),
    ];
    const result = plan(makePolicy(), observedRegion({ ...converged, servers: servers(8), sessions }));
    expect(sessionLines(result)).toEqual(['002', '003', '004', '005'].map((n) => `create session/vpc-a/eni-${n}-0`));
    expect(result.skipped.filter((item) => item.reason === 'target-full').map((item) => item.networkInterfaceId)).toEqual([
      'eni-006-0',
      'eni-007-0',
    ]);
  });

  it('uses room freed by deleted sessions only after they are gone', () => {
    const elsewhere = [server('i-b0', { vpcId: 'vpc-b' }), server('i-b1', { vpcId: 'vpc-b' })];
    const sessions = ['b0', 'b1'].map((n) => ownedSession(`tms-${n}`, 'old', `eni-${n}-0`));
    const result = plan(makePolicy(), observedRegion({ ...converged, servers: [...servers(10), ...elsewhere], sessions }));
    const creates = result.actions.filter((item) => item.action === 'create' && item.type === 'session');
    expect(creates).toHaveLength(10);
    const waiting = creates.filter((item) => item.dependsOn.includes('us-east-1/session/old/eni-b0-0'));
    expect(waiting.map((item) => item.key)).toEqual(['session/vpc-a/eni-008-0', 'session/vpc-a/eni-009-0']);
    expect(waiting[0]?.dependsOn).toContain('us-east-1/session/old/eni-b1-0');
  });

  it('leaves an existing session on its current target when the new target is full', () => {
    const full = Array.from({ length: 10 }, (_unused, n) => observedSession(`tms-f${n}`, `eni-f${n}`, { targetId: 'tmt-sensor' }));
    const mine = ownedSession('tms-mine', 'vpc-a', 'eni-000-0', { targetId: 'tmt-elsewhere', description: 'edited' });
    const result = plan(makePolicy(), observedRegion({ ...converged, servers: servers(1), sessions: [...full, mine] }));
    expect(action(result, 'session/vpc-a/eni-000-0').changes.map((item) => item.attribute)).toEqual(['description']);
    expect(result.skipped).toEqual([
      expect.objectContaining({
        networkInterfaceId: 'eni-000-0',
        reason: 'target-full',
        detail: 'target target/sensor (eni-sensor on a m5.large) already has 10 source interfaces, its limit; tms-mine stays on its current target',
      }),
    ]);
  });
});
