import { describe, expect, it } from 'vitest';
import {
  actionStanding,
  adoptStanding,
  adoption,
  classify,
  legacyTagKeys,
  origin,
  type RunScope,
  type ScopedResource,
} from '../../src/core/scope/index.js';
import { account, observedFilter, observedRegion, observedRule, observedSession, observedTarget, owned, POLICY, REGION } from './builders.js';

const ACCOUNT = '111111111111';
const OTHER = '222222222222';
const session = (parts: Partial<Extract<ScopedResource, { type: 'session' }>> = {}): ScopedResource => ({
  type: 'session',
  region: REGION,
  networkInterfaceId: 'eni-1',
  tags: owned('session/vpc-a/eni-1'),
  ...parts,
});
const whole: RunScope = { kind: 'account' };
const standing = (resource: ScopedResource, scope: RunScope = whole, accountId: string | null = ACCOUNT) =>
  classify({ policyName: POLICY, accountId: accountId ?? undefined, scope }, resource);

describe('classify', () => {
  it('tells this policy, another mirrorctl policy and another tool apart by tags', () => {
    expect(standing(session())).toBe('owned');
    expect(standing(session({ tags: owned('session/vpc-a/eni-1', 'staging') }))).toBe('other-policy');
    expect(standing(session({ tags: { Name: 'by hand' } }))).toBe('foreign');
  });

  it("recognises the Vectra tool's sessions, targets and filters as adoptable", () => {
    expect(standing(session({ tags: { Creator: 'Vectra:Tap' } }))).toBe('adoptable');
    expect(standing({ type: 'target', region: REGION, description: 'VectraTrafficMirror', tags: {} })).toBe('adoptable');
    expect(standing({ type: 'filter', region: REGION, description: 'Vectra Full Traffic + DNS Filter', tags: {} })).toBe(
      'adoptable',
    );
    expect(standing({ type: 'filter', region: REGION, description: 'VectraTrafficMirror', tags: {} })).toBe('foreign');
  });

  it('checks the owner account first, whatever the tags and the scope', () => {
    expect(standing(session({ ownerId: OTHER }))).toBe('other-account');
    expect(standing(session({ ownerId: OTHER }), { kind: 'regions', regions: ['eu-west-1'] })).toBe('other-account');
    expect(standing(session({ ownerId: ACCOUNT }))).toBe('owned');
    // Discovery could not tell the account: the check is skipped rather than refusing everything.
    expect(standing(session({ ownerId: OTHER }), whole, null)).toBe('owned');
  });

  it('puts regions and interfaces outside the run out of scope, and shared targets and filters of a scoped run', () => {
    expect(standing(session(), { kind: 'regions', regions: ['eu-west-1'] })).toBe('out-of-scope');
    expect(standing(session(), { kind: 'regions', regions: [REGION] })).toBe('owned');
    const interfaces: RunScope = { kind: 'interfaces', region: REGION, interfaceIds: ['eni-1'] };
    expect(standing(session(), interfaces)).toBe('owned');
    expect(standing(session({ networkInterfaceId: 'eni-2' }), interfaces)).toBe('out-of-scope');
    expect(standing(session({ region: 'eu-west-1' }), interfaces)).toBe('out-of-scope');
    expect(standing({ type: 'target', region: REGION, tags: owned('target/sensor') }, interfaces)).toBe('out-of-scope');
    expect(standing({ type: 'filter', region: REGION, tags: owned('filter/all') }, interfaces)).toBe('out-of-scope');
  });
});

describe('origin', () => {
  const of = (resource: Partial<ScopedResource>, scope: RunScope = whole) =>
    origin({ policyName: POLICY, accountId: ACCOUNT, scope }, { type: 'target', region: REGION, tags: {}, ...resource } as ScopedResource);

  it('says who made a resource whatever the run is scoped to', () => {
    const elsewhere: RunScope = { kind: 'regions', regions: ['eu-west-1'] };
    expect(of({ tags: owned('target/sensor') }, elsewhere)).toEqual({ kind: 'owned', key: 'target/sensor' });
    expect(of({ tags: owned('target/sensor', 'staging') }, elsewhere)).toEqual({ kind: 'other-policy', policyName: 'staging' });
    expect(of({ description: 'VectraTrafficMirror' })).toEqual({ kind: 'adoptable' });
    expect(of({ tags: { Name: 'tap' } })).toEqual({ kind: 'foreign' });
    expect(of({ ownerId: OTHER, tags: owned('target/sensor') })).toEqual({ kind: 'other-account', accountId: OTHER });
  });
});

describe('actionStanding', () => {
  const observed = account(
    observedRegion({
      sessions: [observedSession('tms-1', 'eni-1', { targetId: 'tmt-1', filterId: 'tmf-1', tags: owned('session/vpc-a/eni-1') })],
      targets: [observedTarget('tmt-1', { ownerId: OTHER, tags: owned('target/sensor') })],
      filters: [observedFilter('tmf-1', { tags: { Name: 'x' }, rules: [observedRule('tmfr-1', 'ingress', 100)] })],
    }),
  );
  const inputs = { policyName: POLICY, accountId: ACCOUNT, scope: whole };
  const of = (type: 'session' | 'target' | 'filter' | 'filter-rule', resourceId: string, region = REGION) =>
    actionStanding(inputs, observed, { type, region, resourceId });

  it('classifies the observed resource an action names, a rule by its filter', () => {
    expect(of('session', 'tms-1')).toBe('owned');
    expect(of('target', 'tmt-1')).toBe('other-account');
    expect(of('filter-rule', 'tmfr-1')).toBe('foreign');
  });

  it('answers not-observed for an id or region the discovery did not see', () => {
    expect(of('session', 'tms-9')).toBe('not-observed');
    expect(of('session', 'tms-1', 'eu-west-1')).toBe('not-observed');
  });
});

describe('adoption', () => {
  const vectraSession = session({ tags: { Creator: 'Vectra:Tap', Name: 'web-1' } });
  const toolSession = session({ tags: { Creator: 'old-tap' } });
  const vectraFilter: ScopedResource = { type: 'filter', region: REGION, description: 'Vectra Full Traffic + DNS Filter', tags: {} };
  const vectraTarget: ScopedResource = { type: 'target', region: REGION, description: 'VectraTrafficMirror', tags: {} };
  const inputs = (adopt?: { vectra: boolean; sessionTags?: Record<string, string> }, scope: RunScope = whole) => ({
    policyName: POLICY,
    accountId: ACCOUNT,
    scope,
    ...(adopt === undefined ? {} : { adopt }),
  });

  it("takes over only what the policy's adopt names, and never a target", () => {
    expect(adoption(inputs(), vectraSession)).toBeUndefined();
    expect(adoption(inputs({ vectra: true }), vectraSession)).toBe('vectra');
    expect(adoption(inputs({ vectra: true }), vectraFilter)).toBe('vectra');
    expect(adoption(inputs({ vectra: true }), vectraTarget)).toBeUndefined();
    expect(adoption(inputs({ vectra: true }), toolSession)).toBeUndefined();
    expect(adoption(inputs({ vectra: false, sessionTags: { Creator: 'old-tap' } }), toolSession)).toBe('sessions.tags');
    expect(adoption(inputs({ vectra: false, sessionTags: { Creator: 'old-tap', team: 'x' } }), toolSession)).toBeUndefined();
  });

  it("recognises the sessions adopt.sessions.tags names as another tool's, adoptable", () => {
    expect(classify(inputs(), toolSession)).toBe('foreign');
    expect(classify(inputs({ vectra: false, sessionTags: { Creator: 'old-tap' } }), toolSession)).toBe('adoptable');
  });

  it("never adopts this policy's, another policy's, another account's or an out-of-scope session", () => {
    const all = inputs({ vectra: true, sessionTags: { Creator: 'old-tap' } });
    expect(adoption(all, session({ tags: { ...owned('session/vpc-a/eni-1'), Creator: 'old-tap' } }))).toBeUndefined();
    expect(adoption(all, session({ tags: { ...owned('session/vpc-a/eni-1', 'staging'), Creator: 'Vectra:Tap' } }))).toBeUndefined();
    expect(adoption(all, session({ ownerId: OTHER, tags: { Creator: 'Vectra:Tap' } }))).toBeUndefined();
    const elsewhere = inputs({ vectra: true }, { kind: 'regions', regions: ['eu-west-1'] });
    expect(adoption(elsewhere, vectraSession)).toBeUndefined();
  });

  it("names the other tool's markers, which adoption keeps unless cleaned up", () => {
    expect(legacyTagKeys(undefined, { Creator: 'Vectra:Tap', Name: 'web-1' })).toEqual(['Creator']);
    expect(legacyTagKeys({ vectra: false, sessionTags: { tool: 'x', team: 'y' } }, { tool: 'x', team: 'z', Name: 'n' })).toEqual(['tool']);
    expect(legacyTagKeys(undefined, { Creator: 'someone' })).toEqual([]);
  });

  it('tells the executor whether the resource an adopt names may be adopted', () => {
    const observed = account(
      observedRegion({
        sessions: [
          observedSession('tms-1', 'eni-1', { tags: { Creator: 'Vectra:Tap' } }),
          observedSession('tms-2', 'eni-2', { tags: owned('session/vpc-a/eni-2') }),
          observedSession('tms-3', 'eni-3', { tags: { Name: 'by hand' } }),
        ],
        targets: [observedTarget('tmt-1', { description: 'VectraTrafficMirror', tags: {} })],
      }),
    );
    const of = (adopt: { vectra: boolean } | undefined, type: 'session' | 'target', resourceId: string) =>
      adoptStanding(inputs(adopt), observed, { type, region: REGION, resourceId });
    expect(of({ vectra: true }, 'session', 'tms-1')).toBe('adoptable');
    expect(of(undefined, 'session', 'tms-1')).toBe('not-adoptable');
    expect(of({ vectra: true }, 'target', 'tmt-1')).toBe('not-adoptable');
    expect(of({ vectra: true }, 'session', 'tms-2')).toBe('owned');
    expect(of({ vectra: true }, 'session', 'tms-3')).toBe('foreign');
    expect(of({ vectra: true }, 'session', 'tms-9')).toBe('not-observed');
  });
});
