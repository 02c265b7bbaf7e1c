/**
 * A vpcs entry that matches nothing (no VPC, or no target, in what the run observed) keeps its sessions as they
 * are, unless the run allows empty entries.
 */
import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../src/core/cost.js';
import type { ObservedRegion } from '../../src/core/types/observed.js';
import {
  convergedSensor,
  eniTarget,
  entry,
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
import { action, plan, sessionLines, sessionNumber, skipsFor, summaryLines, warningCodes } from './plan-helpers.js';

const converged = convergedSensor();
const monthly = (sessions: number): string =>
  estimateCost([{ region: 'us-east-1', sessionsBefore: sessions, sessionsAfter: sessions }], {}).monthlyBefore.toFixed(2);

/** Entry "prod" on vpc-a, mirrored by an earlier apply: two instances, one session each. */
const mirrored = observedRegion({
  ...converged,
  servers: [server('i-1'), server('i-2')],
  sessions: [ownedSession('tms-1', 'prod', 'eni-1-0'), ownedSession('tms-2', 'prod', 'eni-2-0')],
});
const prodOn = (selector: { vpcId: string } | { vpcTags: Record<string, string> }) =>
  makePolicy({ vpcs: [entry({ key: 'prod', ...selector })] });

const emptyWarnings = (result: ReturnType<typeof plan>) => result.warnings.filter((item) => item.code === 'entry-matches-nothing');

describe('an entry that selects no VPC', () => {
  it('keeps the sessions of a mistyped VPC id as they are, and says what they cost and what to do', () => {
    const result = plan(prodOn({ vpcId: 'vpc-typo' }), mirrored);
    expect(result.actions).toEqual([]);
    expect(emptyWarnings(result)).toEqual([
      {
        code: 'entry-matches-nothing',
        message:
          `vpcs entry prod matches nothing: VPC vpc-typo was not found in us-east-1; its 2 sessions are kept as they are, ` +
          `about ${monthly(2)} USD a month; fix the entry in the policy, or pass --allow-empty-entries to delete them`,
      },
    ]);
    expect(warningCodes(result)).toContain('vpc-not-found');
  });

  it('keeps the sessions of a tag selector no VPC carries any more', () => {
    const result = plan(prodOn({ vpcTags: { mirroring: 'on' } }), mirrored);
    expect(result.actions).toEqual([]);
    expect(emptyWarnings(result).map((item) => item.message)).toEqual([
      expect.stringMatching(/^vpcs entry prod matches nothing: no VPC in us-east-1 carries the tags mirroring=on; its 2 sessions are kept/),
    ]);
  });

  it('warns about a tag selector that matches no VPC even without sessions: nothing else would say so', () => {
    const result = plan(prodOn({ vpcTags: { mirroring: 'on' } }), observedRegion({ servers: [server('i-1')] }));
    expect(result.warnings).toEqual([
      { code: 'entry-matches-nothing', message: 'vpcs entry prod matches nothing: no VPC in us-east-1 carries the tags mirroring=on; it has no sessions' },
    ]);
  });

  it('leaves a missing VPC id without sessions to vpc-not-found', () => {
    expect(warningCodes(plan(prodOn({ vpcId: 'vpc-typo' }), observedRegion()))).toEqual(['vpc-not-found']);
  });

  it('prices the kept sessions with the policy’s own rates, one session', () => {
    const policy = makePolicy({ vpcs: [entry({ key: 'prod', vpcId: 'vpc-typo' })], sessionHourlyRates: { 'us-east-1': 0.1 } });
    const region = observedRegion({ ...converged, servers: [server('i-1')], sessions: [ownedSession('tms-1', 'prod', 'eni-1-0')] });
    expect(emptyWarnings(plan(policy, region))[0]?.message).toContain('its 1 session is kept as it is, about 73.00 USD a month');
  });

  it('matches something when its VPC is in another observed region of the entry: nothing is held', () => {
    const policy = makePolicy({ regions: ['us-east-1', 'eu-west-1'], vpcs: [entry({ key: 'prod', vpcId: 'vpc-eu' })] });
    const eu = observedRegion({ vpcs: [vpc('vpc-eu')], withoutSensor: true }, 'eu-west-1');
    const result = plan(policy, [mirrored, eu]);
    expect(sessionLines(result).filter((line) => line.includes('us-east-1') || line.startsWith('delete'))).toEqual([
      'delete session/prod/eni-1-0',
      'delete session/prod/eni-2-0',
    ]);
    expect(action(result, 'session/prod/eni-1-0').reason).toBe('VPC vpc-a is no longer selected by vpcs entry prod');
    expect(emptyWarnings(result)).toEqual([]);
  });

  it('is not judged in a run that observed none of its regions', () => {
    const policy = makePolicy({ regions: ['us-east-1', 'eu-west-1'], vpcs: [entry({ key: 'prod', vpcId: 'vpc-a', regions: ['eu-west-1'] })] });
    const result = plan(policy, mirrored, { regions: ['us-east-1'] });
    // The entry no longer applies to us-east-1: an explicit change of the policy, not an entry that matches nothing.
    expect(action(result, 'session/prod/eni-1-0').reason).toBe('vpcs entry prod no longer applies to us-east-1');
    expect(emptyWarnings(result)).toEqual([]);
  });
});

describe('an entry whose target does not exist', () => {
  const nlbPolicy = makePolicy({ targets: { nlb: nlbTarget('nlb') }, vpcs: [entry({ key: 'prod', vpcId: 'vpc-a', target: 'nlb', packetLength: 128 })] });
  const nlbTargetOfOurs = observedTarget('tmt-nlb', {
    type: 'network-load-balancer',
    networkLoadBalancerArn: nlbArn('nlb'),
    description: 'mirrorctl prod target nlb',
    tags: owned('target/nlb'),
  });
  const nlbGone = (extra: Partial<Pick<ObservedRegion, 'sessions'>> = {}) =>
    observedRegion({
      targets: [nlbTargetOfOurs],
      filters: converged.filters,
      servers: [server('i-1'), server('i-2'), server('i-3')],
      sessions: [
        ownedSession('tms-1', 'prod', 'eni-1-0', { targetId: 'tmt-nlb' }),
        ownedSession('tms-2', 'prod', 'eni-2-0', { targetId: 'tmt-nlb' }),
      ],
      loadBalancers: [{ arn: nlbArn('nlb'), notFound: true, listeners: [], targets: [] }],
      ...extra,
    });

  it('a load balancer ELBv2 does not know: sessions are neither deleted nor changed, new interfaces are skipped', () => {
    // The policy also asks for a packet length the sessions do not have: a held session is not updated either.
    const result = plan(nlbPolicy, nlbGone());
    expect(result.actions).toEqual([]);
    expect(skipsFor(result, 'eni-3-0')).toEqual([
      expect.objectContaining({ reason: 'target-unavailable', detail: `vpcs entry prod: load balancer ${nlbArn('nlb')} of target nlb was not found in us-east-1` }),
    ]);
    expect(emptyWarnings(result).map((item) => item.message)).toEqual([
      expect.stringMatching(/^vpcs entry prod matches nothing: load balancer \S+ of target nlb was not found in us-east-1; its 2 sessions are kept as they are/),
    ]);
    expect(warningCodes(result)).toContain('nlb-not-found');
  });

  it('a load balancer discovery did not read is not evidence of anything', () => {
    const region = { ...nlbGone() };
    delete (region as { loadBalancers?: unknown }).loadBalancers;
    expect(emptyWarnings(plan(nlbPolicy, region))).toEqual([]);
  });

  it('an interface target whose interface is nowhere', () => {
    const policy = makePolicy({ targets: { sensor: eniTarget('sensor', 'eni-gone') }, vpcs: [entry({ key: 'prod', vpcId: 'vpc-a' })] });
    const result = plan(policy, mirrored);
    expect(sessionLines(result)).toEqual([]);
    expect(emptyWarnings(result)[0]?.message).toMatch(/^vpcs entry prod matches nothing: network interface eni-gone of target sensor was not found/);
  });
});

describe('sessions held for an empty entry', () => {
  it('keep their slot and session number on an interface another entry still mirrors', () => {
    const policy = makePolicy({
      vpcs: [entry({ key: 'old', vpcTags: { mirroring: 'gone' } }), entry({ key: 'vpc-a', vpcId: 'vpc-a' })],
    });
    const region = observedRegion({
      ...converged,
      servers: [server('i-1')],
      sessions: [
        ownedSession('tms-old', 'old', 'eni-1-0', { sessionNumber: 1 }),
        observedSession('tms-theirs-2', 'eni-1-0', { sessionNumber: 2 }),
        observedSession('tms-theirs-3', 'eni-1-0', { sessionNumber: 3 }),
      ],
    });
    const result = plan(policy, region);
    expect(summaryLines(result)).toEqual([]);
    expect(skipsFor(result, 'eni-1-0').map((item) => item.reason)).toEqual(['session-limit-reached']);
    const freed = plan(policy, { ...region, sessions: region.sessions.slice(0, 1) });
    expect(sessionLines(freed)).toEqual(['create session/vpc-a/eni-1-0']);
    expect(sessionNumber(freed, 'session/vpc-a/eni-1-0')).toBe(2);
  });

  it('are held in a run scoped to some interfaces too', () => {
    const scope = { kind: 'interfaces', region: 'us-east-1', interfaceIds: ['eni-1-0'] } as const;
    const result = plan(prodOn({ vpcId: 'vpc-typo' }), mirrored, { scope });
    expect(result.actions).toEqual([]);
    expect(emptyWarnings(result)[0]?.message).toContain('its 1 session is kept as it is');
    expect(summaryLines(plan(prodOn({ vpcId: 'vpc-typo' }), mirrored, { scope, allowEmptyEntries: true }))).toEqual([
      'delete session/prod/eni-1-0',
    ]);
  });

  it('are destroyed by a destroy plan like everything else the policy owns', () => {
    const result = plan(prodOn({ vpcId: 'vpc-typo' }), mirrored, { mode: 'destroy' });
    expect(sessionLines(result)).toEqual(['delete session/prod/eni-1-0', 'delete session/prod/eni-2-0']);
    expect(emptyWarnings(result)).toEqual([]);
  });
});

describe('an entry without a name, keyed by the VPC id or tags it selects', () => {
  // A mistyped id is a new entry; the old key is no longer in the policy. Real-looking ids: the key's shape counts.
  const region = observedRegion({
    ...converged,
    vpcs: [vpc('vpc-0123abcd', { env: 'prod' }), vpc('vpc-sensors')],
    servers: [server('i-1', { vpcId: 'vpc-0123abcd' }), server('i-2', { vpcId: 'vpc-0123abcd' })],
    sessions: [ownedSession('tms-1', 'vpc-0123abcd', 'eni-1-0'), ownedSession('tms-2', 'tags:env=prod', 'eni-2-0', { sessionNumber: 2 })],
  });

  it('holds the sessions of the removed entry it may have been, while it matches nothing', () => {
    const result = plan(makePolicy({ vpcs: [entry({ key: 'vpc-0123abce' })] }), region);
    expect(sessionLines(result)).toEqual(['delete session/tags:env=prod/eni-2-0']);
    expect(emptyWarnings(result).map((item) => item.message)).toEqual([
      'vpcs entry vpc-0123abce matches nothing: VPC vpc-0123abce was not found in us-east-1; the 1 session of vpcs entry vpc-0123abcd, ' +
        'which is no longer in the policy and may be this entry before its VPC id changed, is kept as it is, ' +
        `about ${monthly(1)} USD a month; fix the entry in the policy, or pass --allow-empty-entries to delete them`,
    ]);
  });

  it('holds them for a tag selector too', () => {
    const result = plan(makePolicy({ vpcs: [entry({ key: 'tags:env=prdo', vpcTags: { env: 'prdo' } })] }), region);
    expect(sessionLines(result)).toEqual(['delete session/vpc-0123abcd/eni-1-0']);
    expect(emptyWarnings(result)[0]?.message).toContain('the 1 session of vpcs entry tags:env=prod, which is no longer in the policy and may be this entry before its tags changed, is kept');
  });

  it('does not hold them for a named entry, whose key no edit of its selector changes', () => {
    const result = plan(makePolicy({ vpcs: [entry({ key: 'prod', vpcId: 'vpc-0123abce' })] }), region);
    expect(sessionLines(result)).toEqual(['delete session/tags:env=prod/eni-2-0', 'delete session/vpc-0123abcd/eni-1-0']);
    expect(action(result, 'session/vpc-0123abcd/eni-1-0').reason).toBe('vpcs entry vpc-0123abcd is no longer in the policy');
  });

  it('deletes them with allowEmptyEntries, saying why', () => {
    const result = plan(makePolicy({ vpcs: [entry({ key: 'vpc-0123abce' })] }), region, { allowEmptyEntries: true });
    expect(action(result, 'session/vpc-0123abcd/eni-1-0').reason).toBe(
      'vpcs entry vpc-0123abcd is no longer in the policy, and vpcs entry vpc-0123abce, which may be it edited, matches nothing: ' +
        'VPC vpc-0123abce was not found in us-east-1; deleted as --allow-empty-entries allows',
    );
  });
});

describe('allowEmptyEntries', () => {
  it('deletes the sessions, each saying that the entry matches nothing', () => {
    const result = plan(prodOn({ vpcId: 'vpc-typo' }), mirrored, { allowEmptyEntries: true });
    expect(sessionLines(result)).toEqual(['delete session/prod/eni-1-0', 'delete session/prod/eni-2-0']);
    expect(action(result, 'session/prod/eni-1-0').reason).toBe(
      'vpcs entry prod matches nothing: VPC vpc-typo was not found in us-east-1; deleted as --allow-empty-entries allows',
    );
    // vpc-not-found still says what is wrong; the deletes say the rest.
    expect(warningCodes(result)).toEqual(['vpc-not-found']);
  });

  it('says so for a tag selector that matches no VPC', () => {
    const result = plan(prodOn({ vpcTags: { mirroring: 'on' } }), mirrored, { allowEmptyEntries: true });
    expect(emptyWarnings(result).map((item) => item.message)).toEqual([
      'vpcs entry prod matches nothing: no VPC in us-east-1 carries the tags mirroring=on; --allow-empty-entries deletes its 2 sessions',
    ]);
  });
});
