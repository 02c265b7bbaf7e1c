/**
 * The executor's adopt: another tool's session or filter becomes this policy's in place. It is modified where
 * the plan says, then tagged; it is never deleted or created again, and only what the policy's `adopt` names
 * may be adopted, whatever a (hand-edited) plan says.
 */
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/aws/apply/index.js';
import { createAwsClients } from '../../src/aws/clients.js';
import { discover } from '../../src/aws/discover/index.js';
import type { AdoptRules } from '../../src/core/types/policy.js';
import type { DesiredFilter, DesiredSession, PlanAction } from '../../src/core/types/plan.js';
import type { SandboxFile, SandboxSession } from '../../src/sandbox/index.js';
import { virtualSandbox } from './helpers/sandbox.js';
import { ACCOUNT, NLB_ARN, POLICY, REGION, account, eniId, instance, plan, session, sessionKey, tags } from './helpers/world.js';

const VECTRA = { Creator: 'Vectra:Tap', Name: 'web-1' };
const vectraSession = (id: string, eni: string, extra: Partial<SandboxSession> = {}): SandboxSession => ({
  id,
  networkInterfaceId: eni,
  targetId: 'tmt-0000000a',
  filterId: 'tmf-0000000a',
  sessionNumber: 1,
  description: 'Vectra EC2 ',
  tags: VECTRA,
  ...extra,
});

function world(): SandboxFile {
  return account([instance(1), instance(2), instance(3)], {
    trafficMirrorTargets: [{ id: 'tmt-0000000a', networkLoadBalancerArn: NLB_ARN, description: 'VectraTrafficMirror' }],
    trafficMirrorFilters: [
      { id: 'tmf-0000000a', description: 'Vectra Full Traffic + DNS Filter', tags: { Name: 'Vectra Filter' } },
      { id: 'tmf-0000000b', description: 'all traffic', tags: tags('filter/all') },
    ],
    trafficMirrorSessions: [
      vectraSession('tms-0000000a', eniId(1)),
      vectraSession('tms-0000000b', eniId(2), { tags: { Name: 'by hand' } }),
      vectraSession('tms-0000000c', eniId(3), { tags: { Creator: 'old-tap' } }),
    ],
  });
}

const refs = { target: { key: 'target/vectra', id: 'tmt-0000000a' }, filter: { key: 'filter/all', id: 'tmf-0000000b' } } as const;

function adoptSession(id: string, eni: string, observedTags: Record<string, string>, afterTags: Record<string, string>): PlanAction {
  const before: DesiredSession = {
    ...session(eni, refs.target, { key: 'tmf-0000000a', id: 'tmf-0000000a' }),
    description: 'Vectra EC2 ',
    tags: observedTags,
  };
  const after: DesiredSession = { ...session(eni, refs.target, refs.filter), tags: afterTags };
  return {
    id: `${REGION}/${sessionKey(eni)}`,
    action: 'adopt',
    type: 'session',
    key: sessionKey(eni),
    region: REGION,
    resourceId: id,
    before,
    after,
    changes: [
      { attribute: 'filter', before: before.filter, after: after.filter, forcesReplacement: false },
      { attribute: 'description', before: before.description, after: after.description, forcesReplacement: false },
      { attribute: 'tags', before: observedTags, after: afterTags, forcesReplacement: false },
    ],
    reason: `take over ${id}`,
    dependsOn: [],
  };
}

async function run(actions: PlanAction[], adopt: AdoptRules | undefined) {
  const { clock, sandbox, clients } = virtualSandbox(world());
  const observed = await discover(createAwsClients({ sandbox }), { regions: [REGION] });
  sandbox.calls.reset();
  const result = await applyPlan(plan(actions), clients, {
    planId: 'adopt',
    ...clock,
    ownership: { observed, policyName: POLICY, accountId: ACCOUNT, scope: { kind: 'regions', regions: [REGION] }, ...(adopt === undefined ? {} : { adopt }) },
  });
  const sessions = new Map((sandbox.toFile().regions[REGION]?.trafficMirrorSessions ?? []).map((item) => [item.id, item]));
  return { result, sandbox, sessions };
}

describe('adopt', () => {
  it("re-points and tags Vectra's session in place, keeping its tags, and counts it as adopted", async () => {
    const { result, sandbox, sessions } = await run(
      [adoptSession('tms-0000000a', eniId(1), VECTRA, { ...VECTRA, ...tags(sessionKey(eniId(1))) })],
      { vectra: true },
    );
    expect(result.outcomes.map((outcome) => [outcome.status, outcome.resourceId])).toEqual([['done', 'tms-0000000a']]);
    expect(result.counts).toEqual({ adopted: 1, added: 0, changed: 0, destroyed: 0, failed: 0, skipped: 0, notStarted: 0 });
    expect(sandbox.calls.byAction).toEqual({ ModifyTrafficMirrorSession: 1, CreateTags: 1 });
    expect(sessions.get('tms-0000000a')).toMatchObject({
      filterId: 'tmf-0000000b',
      sessionNumber: 1,
      description: `mirror ${eniId(1)}`,
      tags: { ...VECTRA, ...tags(sessionKey(eniId(1))) },
    });
  });

  it('removes the legacy marker when the plan says so (--cleanup-legacy-tags)', async () => {
    const { sandbox, sessions } = await run(
      [adoptSession('tms-0000000a', eniId(1), VECTRA, { Name: 'web-1', ...tags(sessionKey(eniId(1))) })],
      { vectra: true },
    );
    expect(sandbox.calls.byAction).toEqual({ ModifyTrafficMirrorSession: 1, CreateTags: 1, DeleteTags: 1 });
    expect(sessions.get('tms-0000000a')?.tags).toEqual({ Name: 'web-1', ...tags(sessionKey(eniId(1))) });
  });

  it("adopts a filter by its tags alone, and another tool's session named by adopt.sessions.tags", async () => {
    const filterBefore: DesiredFilter = { kind: 'filter', description: 'Vectra Full Traffic + DNS Filter', networkServices: [], tags: { Name: 'Vectra Filter' } };
    const filterAfter: DesiredFilter = { ...filterBefore, tags: { Name: 'Vectra Filter', ...tags('filter/vectra') } };
    const filterAdopt: PlanAction = {
      id: `${REGION}/filter/vectra`,
      action: 'adopt',
      type: 'filter',
      key: 'filter/vectra',
      region: REGION,
      resourceId: 'tmf-0000000a',
      before: filterBefore,
      after: filterAfter,
      changes: [{ attribute: 'tags', before: filterBefore.tags, after: filterAfter.tags, forcesReplacement: false }],
      reason: 'take over tmf-0000000a',
      dependsOn: [],
    };
    const other = adoptSession('tms-0000000c', eniId(3), { Creator: 'old-tap' }, { Creator: 'old-tap', ...tags(sessionKey(eniId(3))) });
    const { result, sandbox, sessions } = await run([filterAdopt, other], { vectra: true, sessionTags: { Creator: 'old-tap' } });
    expect(result.outcomes.map((outcome) => outcome.status)).toEqual(['done', 'done']);
    expect(sandbox.calls.byAction).toEqual({ CreateTags: 2, ModifyTrafficMirrorSession: 1 });
    expect(sandbox.toFile().regions[REGION]?.trafficMirrorFilters?.[0]?.tags).toEqual(filterAfter.tags);
    expect(sessions.get('tms-0000000c')?.tags).toEqual({ Creator: 'old-tap', ...tags(sessionKey(eniId(3))) });
  });

  it("refuses, sending nothing, an adopt the policy's adopt does not name, and an update of another tool's session", async () => {
    const adoptVectra = adoptSession('tms-0000000a', eniId(1), VECTRA, { ...VECTRA, ...tags(sessionKey(eniId(1))) });
    const adoptHandMade = adoptSession('tms-0000000b', eniId(2), { Name: 'by hand' }, { Name: 'by hand', ...tags(sessionKey(eniId(2))) });
    const updateVectra: PlanAction = { ...adoptVectra, id: `${REGION}/x`, action: 'update' };
    const withoutAdopt = await run([adoptVectra], undefined);
    const withAdopt = await run([adoptHandMade, updateVectra], { vectra: true });
    expect([...withoutAdopt.result.outcomes, ...withAdopt.result.outcomes].map((outcome) => [outcome.status, outcome.error?.code, outcome.error?.message])).toEqual([
      [
        'failed',
        'NotOwned',
        "refused to adopt session tms-0000000a in eu-west-1: it was made by another tool that the policy's adopt does not name (a target is never adopted)",
      ],
      ['failed', 'NotOwned', "refused to adopt session tms-0000000b in eu-west-1: it does not carry this policy's mirrorctl:policy tag"],
      [
        'failed',
        'NotOwned',
        "refused to update session tms-0000000a in eu-west-1: it was made by another tool: a plan may adopt it (when the policy's adopt names it), never update or delete it",
      ],
    ]);
    expect(withoutAdopt.sandbox.calls.total() + withAdopt.sandbox.calls.total()).toBe(0);
    expect(withAdopt.sessions.get('tms-0000000a')?.tags).toEqual(VECTRA);
  });
});
