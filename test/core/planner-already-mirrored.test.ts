/** Interfaces that already carry a session this policy does not own: the policy's `alreadyMirrored` decides. */
import { describe, expect, it } from 'vitest';
import type { ObservedSession } from '../../src/core/types/observed.js';
import type { AlreadyMirrored } from '../../src/core/types/policy.js';
import {
  convergedSensor,
  entry,
  existingTarget,
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
import { plan, sessionLines, sessionNumber, skipsFor } from './plan-helpers.js';

const converged = convergedSensor();
/** us-east-1's built-in rate: 0.015 USD per session-hour, 730 hours a month. */
const MONTHLY = 10.95;

const theirs = (id: string, eni: string, parts: Partial<ObservedSession> = {}): ObservedSession =>
  observedSession(id, eni, { tags: { owner: 'netops' }, ...parts });

const onOneServer = (sessions: readonly ObservedSession[], extra: Parameters<typeof observedRegion>[0] = {}) =>
  observedRegion({ ...converged, servers: [server('i-1')], sessions, ...extra });

const alreadyMirrored = (result: ReturnType<typeof plan>) => result.warnings.filter((item) => item.code.startsWith('already-mirrored'));

describe('alreadyMirrored: skip-same-target (the default)', () => {
  it("gives no second session to an interface another tool already mirrors to the entry's target", () => {
    const result = plan(makePolicy(), onOneServer([theirs('tms-theirs', 'eni-1-0', { targetId: 'tmt-sensor' })]));
    expect(sessionLines(result)).toEqual([]);
    expect(skipsFor(result, 'eni-1-0')).toEqual([
      {
        region: 'us-east-1',
        instanceId: 'i-1',
        networkInterfaceId: 'eni-1-0',
        reason: 'already-mirrored',
        detail:
          'vpcs entry vpc-a: eni-1-0 is already mirrored to the destination of target sensor by tms-theirs (made by another tool); ' +
          'no second session (alreadyMirrored: skip-same-target)',
      },
    ]);
    expect(alreadyMirrored(result)).toEqual([
      {
        code: 'already-mirrored',
        region: 'us-east-1',
        message:
          'vpcs entry vpc-a: 1 interface (eni-1-0) already has a mirror session made by another tool to the destination of target sensor, ' +
          `so the entry adds none there (alreadyMirrored: skip-same-target); a second session would cost $${MONTHLY}/month and carry only ` +
          "what the other session's filter leaves, as AWS mirrors each packet only once, through the lowest-numbered session whose " +
          'filter accepts it; set alreadyMirrored: add on the entry to add them anyway',
      },
    ]);
  });

  it('recognises the same load balancer behind another target id, before mirrorctl has created its own target', () => {
    const legacy = observedTarget('tmt-legacy', { type: 'network-load-balancer', networkLoadBalancerArn: nlbArn('collector') });
    const result = plan(
      makePolicy({ targets: { collector: nlbTarget('collector') }, vpcs: [entry({ key: 'vpc-a', target: 'collector' })] }),
      onOneServer([theirs('tms-theirs', 'eni-1-0', { targetId: 'tmt-legacy' })], { targets: [legacy], filters: converged.filters }),
    );
    expect(sessionLines(result)).toEqual([]);
    expect(skipsFor(result, 'eni-1-0').map((item) => item.reason)).toEqual(['already-mirrored']);
  });

  it("recognises another target on the sensor interface mirrorctl's own target sends to", () => {
    const handMade = observedTarget('tmt-by-hand', { networkInterfaceId: 'eni-sensor' });
    const result = plan(
      makePolicy(),
      onOneServer([theirs('tms-theirs', 'eni-1-0', { targetId: 'tmt-by-hand' })], { targets: [...converged.targets, handMade] }),
    );
    expect(sessionLines(result)).toEqual([]);
    expect(skipsFor(result, 'eni-1-0').map((item) => item.reason)).toEqual(['already-mirrored']);
  });

  it('recognises an `existing` target by its id, and by the load balancer it sends to', () => {
    const shared = observedTarget('tmt-shared', { type: 'network-load-balancer', networkLoadBalancerArn: nlbArn('central'), ownerId: '999988887777' });
    const sameNlb = observedTarget('tmt-same-nlb', { type: 'network-load-balancer', networkLoadBalancerArn: nlbArn('central') });
    const result = plan(
      makePolicy({ targets: { shared: existingTarget('shared', 'tmt-shared') }, vpcs: [entry({ key: 'vpc-a', target: 'shared' })] }),
      observedRegion({
        ...converged,
        targets: [shared, sameNlb],
        servers: [server('i-1'), server('i-2'), server('i-3')],
        sessions: [
          theirs('tms-by-id', 'eni-1-0', { targetId: 'tmt-shared' }),
          theirs('tms-by-nlb', 'eni-2-0', { targetId: 'tmt-same-nlb' }),
        ],
      }),
    );
    expect(sessionLines(result)).toEqual(['create session/vpc-a/eni-3-0']);
    expect(result.skipped.map((item) => `${item.networkInterfaceId} ${item.reason}`)).toEqual([
      'eni-1-0 already-mirrored',
      'eni-2-0 already-mirrored',
    ]);
  });

  it("adds the entry's session next to another tool's session to another target", () => {
    const result = plan(makePolicy(), onOneServer([theirs('tms-theirs', 'eni-1-0', { targetId: 'tmt-other' })]));
    expect(sessionLines(result)).toEqual(['create session/vpc-a/eni-1-0']);
    expect(sessionNumber(result, 'session/vpc-a/eni-1-0')).toBe(2);
    expect(result.skipped).toEqual([]);
    expect(alreadyMirrored(result)).toEqual([]);
  });

  it('reports an interface already mirrored to the same target as such, not as a session-number conflict', () => {
    const result = plan(
      makePolicy({ vpcs: [entry({ key: 'vpc-a', sessionNumber: 1 })] }),
      onOneServer([theirs('tms-theirs', 'eni-1-0', { targetId: 'tmt-sensor', sessionNumber: 1 })]),
    );
    expect(skipsFor(result, 'eni-1-0').map((item) => item.reason)).toEqual(['already-mirrored']);
  });

  it('decides per entry: one entry skips the interface while another, to another target, adds its session', () => {
    const result = plan(
      makePolicy({
        targets: { ...makePolicy().targets, collector: nlbTarget('collector') },
        vpcs: [entry({ key: 'zeek', vpcId: 'vpc-a' }), entry({ key: 'arkime', vpcId: 'vpc-a', target: 'collector' })],
      }),
      onOneServer([theirs('tms-theirs', 'eni-1-0', { targetId: 'tmt-sensor' })]),
    );
    expect(sessionLines(result)).toEqual(['create session/arkime/eni-1-0']);
    expect(skipsFor(result, 'eni-1-0')).toEqual([expect.objectContaining({ reason: 'already-mirrored', detail: expect.stringContaining('vpcs entry zeek') })]);
  });
});

describe('alreadyMirrored: skip-any', () => {
  it("gives no session to an interface carrying any session this policy does not own, and names that session's target", () => {
    const result = plan(makePolicy({ alreadyMirrored: 'skip-any' }), onOneServer([theirs('tms-theirs', 'eni-1-0', { targetId: 'tmt-other' })]));
    expect(sessionLines(result)).toEqual([]);
    expect(skipsFor(result, 'eni-1-0')).toEqual([
      expect.objectContaining({
        reason: 'already-mirrored',
        detail:
          'vpcs entry vpc-a: eni-1-0 already carries tms-theirs (made by another tool, to tmt-other); ' +
          'no session to target sensor (alreadyMirrored: skip-any)',
      }),
    ]);
    expect(alreadyMirrored(result)).toEqual([
      expect.objectContaining({
        code: 'already-mirrored',
        message: expect.stringMatching(
          /^vpcs entry vpc-a: 1 interface \(eni-1-0\) already has a mirror session made by another tool, so the entry adds no session to target sensor there \(alreadyMirrored: skip-any\); adding them would cost \$10\.95\/month.*set alreadyMirrored: add on the entry to add them anyway, or skip-same-target/,
        ),
      }),
    ]);
  });
});

describe('alreadyMirrored: add', () => {
  it('adds the session anyway, and warns with the added cost', () => {
    const result = plan(makePolicy({ alreadyMirrored: 'add' }), onOneServer([theirs('tms-theirs', 'eni-1-0', { targetId: 'tmt-sensor' })]));
    expect(sessionLines(result)).toEqual(['create session/vpc-a/eni-1-0']);
    expect(result.skipped).toEqual([]);
    expect(alreadyMirrored(result)).toEqual([
      {
        code: 'already-mirrored-session-added',
        region: 'us-east-1',
        message:
          'vpcs entry vpc-a: 1 interface (eni-1-0) gets a session to target sensor next to a mirror session made by another tool ' +
          `(alreadyMirrored: add): +$${MONTHLY}/month, and since AWS mirrors each packet only once, through the lowest-numbered ` +
          'session whose filter accepts it, the sessions share the traffic rather than each getting all of it; ' +
          'set alreadyMirrored: skip-same-target or skip-any on the entry to leave these interfaces to the other session',
      },
    ]);
  });

  it('counts only the interfaces that do get a session (not those already at 3 sessions)', () => {
    const full = [1, 2, 3].map((number) => theirs(`tms-full${number}`, 'eni-2-0', { sessionNumber: number }));
    const result = plan(
      makePolicy({ alreadyMirrored: 'add' }),
      observedRegion({ ...converged, servers: [server('i-1'), server('i-2')], sessions: [theirs('tms-theirs', 'eni-1-0'), ...full] }),
    );
    expect(sessionLines(result)).toEqual(['create session/vpc-a/eni-1-0']);
    expect(skipsFor(result, 'eni-2-0').map((item) => item.reason)).toEqual(['session-limit-reached']);
    expect(alreadyMirrored(result).map((item) => item.message)).toEqual([expect.stringMatching(/^vpcs entry vpc-a: 1 interface \(eni-1-0\) gets/)]);
  });
});

describe('alreadyMirrored, whatever the mode', () => {
  it.each<AlreadyMirrored>(['skip-same-target', 'skip-any', 'add'])('%s: keeps and converges a session this policy already owns', (mode) => {
    const result = plan(
      makePolicy({ alreadyMirrored: mode }),
      onOneServer([
        theirs('tms-theirs', 'eni-1-0', { targetId: 'tmt-sensor', sessionNumber: 1 }),
        ownedSession('tms-mine', 'vpc-a', 'eni-1-0', { sessionNumber: 2, packetLength: 64 }),
      ]),
    );
    expect(result.actions.map((item) => `${item.action} ${item.resourceId ?? ''} ${item.changes.map((change) => change.attribute).join(',')}`)).toEqual([
      'update tms-mine packetLength',
    ]);
    expect(result.skipped).toEqual([]);
    expect(alreadyMirrored(result)).toEqual([]);
  });

  it("an entry's own setting beats the policy's", () => {
    const sessions = [theirs('tms-1', 'eni-1-0', { targetId: 'tmt-sensor' }), theirs('tms-2', 'eni-2-0', { targetId: 'tmt-sensor' })];
    const region = observedRegion({
      ...converged,
      vpcs: [vpc('vpc-a'), vpc('vpc-b'), vpc('vpc-sensors')],
      servers: [server('i-1'), server('i-2', { vpcId: 'vpc-b' })],
      sessions,
    });
    const result = plan(
      makePolicy({
        alreadyMirrored: 'add',
        vpcs: [entry({ key: 'vpc-a', alreadyMirrored: 'skip-same-target' }), entry({ key: 'vpc-b' })],
      }),
      region,
    );
    expect(sessionLines(result)).toEqual(['create session/vpc-b/eni-2-0']);
    expect(skipsFor(result, 'eni-1-0').map((item) => item.reason)).toEqual(['already-mirrored']);
    const reversed = plan(
      makePolicy({ alreadyMirrored: 'skip-any', vpcs: [entry({ key: 'vpc-a', alreadyMirrored: 'add' }), entry({ key: 'vpc-b' })] }),
      region,
    );
    expect(sessionLines(reversed)).toEqual(['create session/vpc-a/eni-1-0']);
    expect(skipsFor(reversed, 'eni-2-0').map((item) => item.reason)).toEqual(['already-mirrored']);
  });

  it('warns once per entry and maker of the other session, with the count and the monthly cost at stake', () => {
    const servers = [1, 2, 3, 4, 5].map((n) => server(`i-${n}`));
    const staging = (id: string, eni: string) =>
      theirs(id, eni, { targetId: 'tmt-sensor', tags: owned(`session/vpc-a/${eni}`, 'staging') });
    const result = plan(
      makePolicy({ sessionHourlyRates: { 'us-east-1': 0.02 } }),
      observedRegion({
        ...converged,
        servers,
        sessions: [
          theirs('tms-1', 'eni-1-0', { targetId: 'tmt-sensor' }),
          theirs('tms-2', 'eni-2-0', { targetId: 'tmt-sensor' }),
          theirs('tms-3', 'eni-3-0', { targetId: 'tmt-sensor' }),
          staging('tms-4', 'eni-4-0'),
        ],
      }),
    );
    expect(sessionLines(result)).toEqual(['create session/vpc-a/eni-5-0']);
    expect(skipsFor(result, 'eni-4-0')[0]?.detail).toContain('by tms-4 (made by mirrorctl policy "staging")');
    const messages = alreadyMirrored(result).map((item) => item.message);
    expect(messages).toHaveLength(2);
    // 3 sessions × 0.02 USD × 730 hours; 1 × 0.02 × 730.
    expect(messages).toContainEqual(
      expect.stringContaining('3 interfaces (eni-1-0, eni-2-0, eni-3-0) already have a mirror session made by another tool to the destination of target sensor'),
    );
    expect(messages.find((message) => message.includes('3 interfaces'))).toContain('would cost $43.80/month');
    expect(messages).toContainEqual(expect.stringContaining('1 interface (eni-4-0) already has a mirror session made by another mirrorctl policy'));
    expect(messages.find((message) => message.includes('eni-4-0'))).toContain('would cost $14.60/month');
  });

  it('names the account of a session another account made on the interface', () => {
    const result = plan(
      makePolicy({ alreadyMirrored: 'skip-any' }),
      onOneServer([theirs('tms-shared', 'eni-1-0', { ownerId: '444455556666', tags: owned('session/vpc-a/eni-1-0') })]),
    );
    expect(skipsFor(result, 'eni-1-0')[0]?.detail).toContain('tms-shared (made by account 444455556666, to tmt-other)');
    expect(alreadyMirrored(result)[0]?.message).toContain('a mirror session made by another account');
  });
});
