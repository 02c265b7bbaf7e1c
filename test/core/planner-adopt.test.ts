/**
 * Adoption: an interface another tool already mirrors, under a policy whose `adopt` names that tool, keeps its
 * session: the plan takes it over in place (adopt) instead of adding a second one, and never deletes it.
 */
import { describe, expect, it } from 'vitest';
import type { ObservedFilter, ObservedSession } from '../../src/core/types/observed.js';
import type { Policy, PolicyFilter } from '../../src/core/types/policy.js';
import {
  entry,
  existingTarget,
  makePolicy,
  nlbArn,
  observedFilter,
  observedRegion,
  observedRule,
  observedSession,
  observedTarget,
  owned,
  rule,
  server,
} from './builders.js';
import { action, plan, skipsFor, summaryLines, warningCodes } from './plan-helpers.js';

const VECTRA_FILTER = 'Vectra Full Traffic + DNS Filter';
const vectraRules = (direction: 'ingress' | 'egress') => {
  const description = `Vectra ${direction} rule`;
  return [rule(100, { description }), rule(200, { source: '::/0', destination: '::/0', description })];
};
const vectraPolicyFilter: PolicyFilter = {
  name: 'vectra',
  description: VECTRA_FILTER,
  networkServices: ['amazon-dns'],
  ingress: vectraRules('ingress'),
  egress: vectraRules('egress'),
};

function vectraPolicy(parts: Partial<Policy> = {}): Policy {
  return makePolicy({
    targets: { vectra: existingTarget('vectra', 'tmt-vectra') },
    filters: { vectra: vectraPolicyFilter },
    vpcs: [entry({ key: 'vpc-a', target: 'vectra', filter: 'vectra' })],
    adopt: { vectra: true },
    ...parts,
  });
}

const observedVectraRules = (['ingress', 'egress'] as const).flatMap((direction) => [
  observedRule(`tmfr-${direction}-100`, direction, 100, { description: `Vectra ${direction} rule` }),
  observedRule(`tmfr-${direction}-200`, direction, 200, { source: '::/0', destination: '::/0', description: `Vectra ${direction} rule` }),
]);
const vectraFilter = (parts: Partial<ObservedFilter> = {}): ObservedFilter =>
  observedFilter('tmf-vectra', {
    description: VECTRA_FILTER,
    networkServices: ['amazon-dns'],
    rules: observedVectraRules,
    tags: { Name: 'Vectra Filter' },
    ...parts,
  });
const vectraTargets = [
  observedTarget('tmt-vectra', { type: 'network-load-balancer', networkLoadBalancerArn: nlbArn('VectraTap'), description: 'VectraTrafficMirror', tags: { Name: 'VectraNLBTarget' } }),
  observedTarget('tmt-other-sensor', { networkInterfaceId: 'eni-sensor', description: 'by hand' }),
];
const vectraSession = (id: string, eni: string, parts: Partial<ObservedSession> = {}): ObservedSession =>
  observedSession(id, eni, {
    targetId: 'tmt-vectra',
    filterId: 'tmf-vectra',
    packetLength: 8500,
    description: 'Vectra EC2 ',
    tags: { Creator: 'Vectra:Tap', Name: 'web' },
    ...parts,
  });

const region = (sessions: readonly ObservedSession[], parts: Parameters<typeof observedRegion>[0] = {}) =>
  observedRegion({
    servers: [server('i-1'), server('i-2'), server('i-3', { state: 'stopped' })],
    targets: vectraTargets,
    filters: [vectraFilter()],
    sessions,
    ...parts,
  });

const vectraState = region([vectraSession('tms-1', 'eni-1-0'), vectraSession('tms-3', 'eni-3-0')]);

describe('adopting Vectra', () => {
  it("takes over Vectra's sessions and its filter in place, creates what Vectra missed, and deletes nothing", () => {
    const result = plan(vectraPolicy(), vectraState);
    expect(summaryLines(result)).toEqual([
      'adopt filter/vectra',
      'adopt session/vpc-a/eni-1-0',
      'create session/vpc-a/eni-2-0',
      'adopt session/vpc-a/eni-3-0',
    ]);
    const session = action(result, 'session/vpc-a/eni-1-0');
    expect(session).toMatchObject({
      resourceId: 'tms-1',
      reason:
        "take over tms-1, made by Vectra's session mirroring tool (adopt: vectra), for vpcs entry vpc-a; modified in place: " +
        'description; its Creator tag kept, so a rollback to it still works',
    });
    expect(session.changes).toEqual([
      { attribute: 'description', before: 'Vectra EC2 ', after: 'mirrorctl prod vpc-a', forcesReplacement: false },
      {
        attribute: 'tags',
        before: { Creator: 'Vectra:Tap', Name: 'web' },
        after: { Creator: 'Vectra:Tap', Name: 'web', ...owned('session/vpc-a/eni-1-0') },
        forcesReplacement: false,
      },
    ]);
    expect(action(result, 'filter/vectra')).toMatchObject({
      resourceId: 'tmf-vectra',
      reason:
        "take over tmf-vectra, made by Vectra's session mirroring tool (adopt: vectra), as it is: its description, network " +
        "services and rules are filter vectra's",
      changes: [{ attribute: 'tags', after: { Name: 'Vectra Filter', ...owned('filter/vectra') } }],
    });
    // The stopped instance keeps its (adopted) session; no session is counted twice.
    expect(skipsFor(result, 'eni-3-0').map((item) => item.reason)).toEqual(['instance-not-running']);
    expect(result.cost.byRegion[0]).toMatchObject({ sessionsBefore: 2, sessionsAfter: 3 });
  });

  it('plans nothing once the adoptions are applied', () => {
    const adopted = (id: string, eni: string): ObservedSession =>
      vectraSession(id, eni, { description: 'mirrorctl prod vpc-a', tags: { Creator: 'Vectra:Tap', Name: 'web', ...owned(`session/vpc-a/${eni}`) } });
    const after = region([adopted('tms-1', 'eni-1-0'), adopted('tms-3', 'eni-3-0'), { ...adopted('tms-2', 'eni-2-0'), tags: owned('session/vpc-a/eni-2-0') }], {
      filters: [vectraFilter({ tags: { Name: 'Vectra Filter', ...owned('filter/vectra') } })],
    });
    expect(summaryLines(plan(vectraPolicy(), after))).toEqual([]);
  });

  it("without adopt, leaves Vectra's sessions alone and suggests adopting them", () => {
    const result = plan(vectraPolicy({ adopt: { vectra: false } }), vectraState);
    expect(summaryLines(result)).toEqual(['create filter/vectra', ...['ingress', 'egress'].flatMap((d) => [`create filter/vectra/${d}/100`, `create filter/vectra/${d}/200`]), 'create session/vpc-a/eni-2-0'].sort());
    const warning = result.warnings.find((item) => item.code === 'already-mirrored');
    expect(warning?.message).toContain("a mirror session made by Vectra's older tool");
    expect(warning?.message).toMatch(
      /; or, to take Vectra's sessions over in place instead \(tagged as this policy's, modified where the policy differs, never deleted\), add adopt: \{ vectra: true \} to the policy$/,
    );
  });

  it("creates the policy's filter and re-points the adopted sessions to it when Vectra's filter has other rules, and says why", () => {
    const edited = region([vectraSession('tms-1', 'eni-1-0')], {
      filters: [vectraFilter({ rules: [...observedVectraRules.filter((item) => item.id !== 'tmfr-egress-200'), observedRule('tmfr-x', 'ingress', 300)] })],
    });
    const result = plan(vectraPolicy(), edited);
    expect(summaryLines(result).filter((line) => !line.includes('/ingress/') && !line.includes('/egress/'))).toEqual([
      'create filter/vectra',
      'adopt session/vpc-a/eni-1-0',
      'create session/vpc-a/eni-2-0',
    ]);
    const session = action(result, 'session/vpc-a/eni-1-0');
    expect(session.changes.map((item) => item.attribute)).toEqual(['filter', 'description', 'tags']);
    // A filter without its rules mirrors nothing: the session moves only once they all exist.
    expect(session.dependsOn).toEqual(expect.arrayContaining(['us-east-1/filter/vectra', 'us-east-1/filter/vectra/egress/200']));
    expect(result.warnings.filter((item) => item.code === 'legacy-filter-not-adopted')).toEqual([
      {
        code: 'legacy-filter-not-adopted',
        region: 'us-east-1',
        message:
          "filter vectra: tmf-vectra, made by Vectra's session mirroring tool (adopt: vectra), is not adopted: it has no egress " +
          'rule #200; its ingress rule #300 is not in the policy; the policy\'s filter is created and the sessions adopted from ' +
          'tmf-vectra are re-pointed to it in place. tmf-vectra is left as it is (a rollback may use it): delete it by hand once ' +
          'nothing uses it, or give filter vectra its description and rules to adopt it instead',
      },
    ]);
    expect(result.actions.some((item) => item.action === 'delete')).toBe(false);
  });

  it('re-points an adopted session to the policy target and session number in place', () => {
    const policy = vectraPolicy({
      targets: { vectra: existingTarget('vectra', 'tmt-other-sensor') },
      vpcs: [entry({ key: 'vpc-a', target: 'vectra', filter: 'vectra', sessionNumber: 7 })],
    });
    const result = plan(policy, region([vectraSession('tms-1', 'eni-1-0')]));
    const session = action(result, 'session/vpc-a/eni-1-0');
    expect(session.action).toBe('adopt');
    expect(session.changes.map((item) => [item.attribute, item.before, item.after])).toEqual([
      ['target', { key: 'tmt-vectra', id: 'tmt-vectra' }, { key: 'target/vectra', id: 'tmt-other-sensor' }],
      ['sessionNumber', 1, 7],
      ['packetLength', 8500, null],
      ['description', 'Vectra EC2 ', 'mirrorctl prod vpc-a'],
      ['tags', { Creator: 'Vectra:Tap', Name: 'web' }, { Creator: 'Vectra:Tap', Name: 'web', ...owned('session/vpc-a/eni-1-0') }],
    ]);
  });

  it("never touches a Vectra session on an interface the policy does not mirror (excluded, unselected)", () => {
    const result = plan(vectraPolicy({ exclude: { instanceIds: ['i-1'], networkInterfaceIds: [], tags: {} } }), vectraState);
    expect(result.actions.filter((item) => item.resourceId === 'tms-1')).toEqual([]);
    expect(skipsFor(result, 'eni-1-0').map((item) => item.reason)).toEqual(['excluded-instance']);
  });

  it('adopts one session per entry, preferring the one already sending to the entry\'s target; another is left alone', () => {
    const two = region([vectraSession('tms-a', 'eni-1-0', { targetId: 'tmt-other-sensor', sessionNumber: 1 }), vectraSession('tms-b', 'eni-1-0', { sessionNumber: 2 })]);
    const result = plan(vectraPolicy(), two);
    expect(action(result, 'session/vpc-a/eni-1-0')).toMatchObject({ action: 'adopt', resourceId: 'tms-b' });
    expect(result.actions.filter((item) => item.resourceId === 'tms-a')).toEqual([]);
  });
});

describe('--cleanup-legacy-tags', () => {
  it("removes Vectra's marker from what is adopted, and from what was adopted before", () => {
    const before = region([
      vectraSession('tms-1', 'eni-1-0'),
      vectraSession('tms-2', 'eni-2-0', { description: 'mirrorctl prod vpc-a', tags: { Creator: 'Vectra:Tap', Name: 'web', ...owned('session/vpc-a/eni-2-0') } }),
    ]);
    const result = plan(vectraPolicy(), before, { cleanupLegacyTags: true });
    const adopt = action(result, 'session/vpc-a/eni-1-0');
    expect(adopt.after?.tags).toEqual({ Name: 'web', ...owned('session/vpc-a/eni-1-0') });
    expect(adopt.reason).toContain('its Creator tag removed (--cleanup-legacy-tags)');
    expect(action(result, 'session/vpc-a/eni-2-0')).toMatchObject({
      action: 'update',
      reason: 'changed: tags (1 legacy tag removed: --cleanup-legacy-tags)',
      after: { tags: { Name: 'web', ...owned('session/vpc-a/eni-2-0') } },
    });
    expect(summaryLines(plan(vectraPolicy(), before))).not.toContain('update session/vpc-a/eni-2-0');
  });
});

describe('adopt.sessions.tags', () => {
  it("takes over another tool's sessions by their tags, re-pointing them to the policy's target and filter", () => {
    const policy = makePolicy({ adopt: { vectra: false, sessionTags: { Creator: 'old-tap' } } });
    const theirs = observedSession('tms-old', 'eni-1-0', { targetId: 'tmt-old', filterId: 'tmf-old', description: 'old', tags: { Creator: 'old-tap' } });
    const result = plan(policy, observedRegion({ servers: [server('i-1')], sessions: [theirs] }));
    expect(summaryLines(result).filter((line) => line.includes('session'))).toEqual(['adopt session/vpc-a/eni-1-0']);
    const adopt = action(result, 'session/vpc-a/eni-1-0');
    expect(adopt.reason).toBe(
      'take over tms-old, made by another tool (adopt.sessions.tags Creator=old-tap), for vpcs entry vpc-a; modified in place: ' +
        'target, filter, description; its Creator tag kept, so a rollback to it still works',
    );
    expect(adopt.dependsOn).toEqual(expect.arrayContaining(['us-east-1/target/sensor', 'us-east-1/filter/all']));
    expect(warningCodes(result)).not.toContain('already-mirrored');
  });

  it('adopts nothing in a run scoped to other interfaces', () => {
    const policy = makePolicy({ adopt: { vectra: false, sessionTags: { Creator: 'old-tap' } } });
    const theirs = observedSession('tms-old', 'eni-1-0', { tags: { Creator: 'old-tap' } });
    const result = plan(policy, observedRegion({ servers: [server('i-1'), server('i-2')], sessions: [theirs] }), {
      scope: { kind: 'interfaces', region: 'us-east-1', interfaceIds: ['eni-2-0'] },
    });
    expect(result.actions.filter((item) => item.action === 'adopt')).toEqual([]);
  });
});
