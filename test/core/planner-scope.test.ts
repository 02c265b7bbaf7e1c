import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../src/core/cost.js';
import {
  convergedSensor,
  makePolicy,
  observedFilter,
  observedRegion,
  observedRule,
  observedSession,
  observedTarget,
  owned,
  ownedSession,
  server,
} from './builders.js';
import { plan, summaryLines, warningCodes } from './plan-helpers.js';

const converged = convergedSensor();
/** `account()` plans 111122223333; this is the account a target of ours is shared with. */
const CONSUMER = '444455556666';

describe('other accounts', () => {
  it("never deletes another account's sessions on a target it shares, even when a same-named policy tagged them", () => {
    const region = observedRegion({
      ...converged,
      targets: converged.targets.map((target) => ({ ...target, ownerId: '111122223333' })),
      servers: [server('i-1')],
      sessions: [
        ownedSession('tms-1', 'vpc-a', 'eni-1-0'),
        // The consumer's interface is in the consumer's account: the owner sees the session, never the ENI.
        ownedSession('tms-theirs', 'vpc-a', 'eni-consumer-0', { ownerId: CONSUMER }),
      ],
    });
    expect(summaryLines(plan(makePolicy(), region))).toEqual([]);
    const destroy = plan(makePolicy(), region, { mode: 'destroy' });
    expect(summaryLines(destroy)).toEqual(['delete session/vpc-a/eni-1-0']);
    expect(destroy.warnings.map((item) => item.message)).toEqual([
      'filter filter/all (tmf-all) is not deleted: tms-theirs, not owned by policy prod, still use it',
      'target target/sensor (tmt-sensor) is not deleted: tms-theirs, not owned by policy prod, still use it',
    ]);
  });

  it('never deletes a target shared from another account, whatever its tags', () => {
    const region = observedRegion({
      ...converged,
      targets: [...converged.targets, observedTarget('tmt-shared', { ownerId: CONSUMER, tags: owned('target/old') })],
      servers: [server('i-1')],
      sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')],
    });
    expect(summaryLines(plan(makePolicy(), region))).toEqual([]);
    expect(plan(makePolicy(), region, { mode: 'destroy' }).actions.map((item) => item.resourceId)).not.toContain('tmt-shared');
  });
});

describe('a run scoped to some interfaces', () => {
  const region = observedRegion({
    targets: [...converged.targets, observedTarget('tmt-old', { tags: owned('target/old') })],
    // A rule drifted: only a run about the whole region may change the shared filter.
    filters: converged.filters.map((filter) => ({
      ...filter,
      rules: [observedRule('tmfr-in', 'ingress', 100, { action: 'reject' }), observedRule('tmfr-out', 'egress', 100)],
    })),
    servers: [server('i-1'), server('i-2'), server('i-3')],
    sessions: [
      ownedSession('tms-gone', 'gone-entry', 'eni-1-0'),
      ownedSession('tms-3', 'vpc-a', 'eni-3-0', { packetLength: 100 }),
      ownedSession('tms-vanished', 'vpc-a', 'eni-9-0'),
    ],
  });
  const scope = { kind: 'interfaces', region: 'us-east-1', interfaceIds: ['eni-2-0', 'eni-3-0'] } as const;

  it('plans only the sessions of those interfaces, and changes no shared target or filter', () => {
    const whole = plan(makePolicy(), region);
    expect(summaryLines(whole)).toEqual(expect.arrayContaining(['delete target/old', 'update filter/all/ingress/100', 'create session/vpc-a/eni-1-0', 'delete session/vpc-a/eni-9-0', 'delete session/gone-entry/eni-1-0']));
    expect(summaryLines(plan(makePolicy(), region, { scope }))).toEqual([
      'create session/vpc-a/eni-2-0',
      'update session/vpc-a/eni-3-0',
    ]);
  });

  it('creates a missing target and filter, with the keys and tags a full plan gives them, but nothing else shared', () => {
    const empty = observedRegion({ servers: [server('i-1'), server('i-2')] });
    const whole = plan(makePolicy(), empty);
    const scoped = plan(makePolicy(), empty, { scope: { kind: 'interfaces', region: 'us-east-1', interfaceIds: ['eni-2-0'] } });
    expect(summaryLines(scoped)).toEqual([
      'create target/sensor',
      'create filter/all',
      'create filter/all/egress/100',
      'create filter/all/ingress/100',
      'create session/vpc-a/eni-2-0',
    ]);
    for (const created of scoped.actions) {
      const { reason: _scopedReason, ...same } = created;
      const twin = whole.actions.find((item) => item.id === created.id);
      expect(twin && { ...twin, reason: undefined }).toEqual({ ...same, reason: undefined });
    }
  });

  it('destroys only the sessions of those interfaces', () => {
    expect(summaryLines(plan(makePolicy(), region, { mode: 'destroy', scope }))).toEqual(['delete session/vpc-a/eni-3-0']);
  });
});

describe('regions the policy no longer lists', () => {
  const strays = observedRegion(
    {
      ...converged,
      withoutSensor: true,
      servers: [server('i-7')],
      sessions: [
        ownedSession('tms-7', 'vpc-a', 'eni-7-0'),
        ownedSession('tms-8', 'vpc-a', 'eni-8-0'),
        observedSession('tms-theirs', 'eni-7-0', { sessionNumber: 2, targetId: 'tmt-x', filterId: 'tmf-x' }),
      ],
      targets: [...converged.targets, observedTarget('tmt-x')],
      filters: [...converged.filters, observedFilter('tmf-x')],
    },
    'eu-west-1',
  );
  const home = observedRegion({ ...converged, servers: [server('i-1')], sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')] });

  it('reports what the policy still owns there, with what its sessions cost', () => {
    const result = plan(makePolicy(), [home, strays]);
    expect(result.actions).toEqual([]);
    const monthly = estimateCost([{ region: 'eu-west-1', sessionsBefore: 2, sessionsAfter: 2 }], {}).monthlyBefore;
    expect(result.warnings).toContainEqual({
      code: 'owned-resources-in-unlisted-region',
      region: 'eu-west-1',
      message:
        "eu-west-1 is not in the policy's regions but holds 4 resources of policy prod (2 sessions, 1 target, 1 filter), " +
        `about ${monthly.toFixed(2)} USD a month in sessions; run mirrorctl destroy --region eu-west-1 to delete them, or add the region back`,
    });
    expect(warningCodes(plan(makePolicy(), [home]))).not.toContain('owned-resources-in-unlisted-region');
  });

  it('destroy --region reaches them, and deletes only what the policy owns', () => {
    const result = plan(makePolicy(), [home, strays], { mode: 'destroy', regions: ['eu-west-1'] });
    expect(result.regions).toEqual(['eu-west-1']);
    expect(result.actions.map((item) => `${item.action} ${item.resourceId}`)).toEqual([
      'delete tmt-sensor',
      'delete tmf-all',
      'delete tms-7',
      'delete tms-8',
    ]);
  });
});
