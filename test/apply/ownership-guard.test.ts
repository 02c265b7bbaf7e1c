/**
 * The executor's own ownership check: a plan is data, and a hand-edited one must not reach what the policy
 * does not own. Every refused action fails as NotOwned and sends nothing; the sandbox's counters prove it.
 */
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/aws/apply/index.js';
import { createAwsClients } from '../../src/aws/clients.js';
import { discover } from '../../src/aws/discover/index.js';
import type { SandboxFile, SandboxSession } from '../../src/sandbox/index.js';
import { virtualSandbox } from './helpers/sandbox.js';
import { ACCOUNT, NLB_ARN, POLICY, REGION, account, eniId, instance, plan, remove, session, sessionKey, tags, update } from './helpers/world.js';

const ELSEWHERE = 'us-east-1';
const CONSUMER = '444455556666';

const mirrored = (id: string, eni: string, extra: Partial<SandboxSession> = {}): SandboxSession => ({
  id,
  networkInterfaceId: eni,
  targetId: 'tmt-0000000a',
  filterId: 'tmf-0000000a',
  sessionNumber: 1,
  tags: tags(sessionKey(eni)),
  ...extra,
});

function world(): SandboxFile {
  const home = account([instance(1), instance(2), instance(3)], {
    trafficMirrorTargets: [{ id: 'tmt-0000000a', networkLoadBalancerArn: NLB_ARN, tags: tags('target/sensors') }],
    trafficMirrorFilters: [{ id: 'tmf-0000000a', tags: tags('filter/all') }],
    trafficMirrorSessions: [
      mirrored('tms-0000000a', eniId(1)),
      mirrored('tms-0000000b', eniId(2), { tags: { Name: 'legacy-tap', owner: 'netops' } }),
      mirrored('tms-0000000c', eniId(3), { tags: { Name: 'legacy-tap', owner: 'netops' } }),
      // Another account's session on the target this account shares, tagged by a same-named policy there.
      mirrored('tms-0000000d', 'eni-0000cccc', { ownerId: CONSUMER }),
    ],
  });
  const far = account([instance(9)], {
    trafficMirrorTargets: [{ id: 'tmt-0000000f', networkInterfaceId: eniId(9), tags: tags('target/sensors') }],
    trafficMirrorFilters: [{ id: 'tmf-0000000f', tags: tags('filter/all') }],
    trafficMirrorSessions: [],
  });
  return { ...home, regions: { ...home.regions, [ELSEWHERE]: far.regions[REGION] ?? {} } };
}

describe('the executor refuses what the policy does not own', () => {
  it('a hand-edited plan that deletes and renumbers foreign sessions, and reaches outside the policy, sends nothing for them', async () => {
    const { clock, sandbox, clients } = virtualSandbox(world());
    // As the CLI does: discovery of the policy's regions only, then the apply checks against it.
    const observed = await discover(createAwsClients({ sandbox }), { regions: [REGION] });
    const refs = [{ key: 'target/sensors', id: 'tmt-0000000a' }, { key: 'filter/all', id: 'tmf-0000000a' }] as const;
    const before = (eni: string) => session(eni, refs[0], refs[1]);
    const renumbered = { ...before(eniId(3)), sessionNumber: 2 };
    const elsewhere = { ...remove(sessionKey('eni-far'), 'tms-0000000f', before('eni-far')), region: ELSEWHERE, id: `${ELSEWHERE}/x` };
    const edited = plan([
      remove(sessionKey(eniId(1)), 'tms-0000000a', before(eniId(1))),
      remove(sessionKey(eniId(2)), 'tms-0000000b', before(eniId(2))),
      update(sessionKey(eniId(3)), 'tms-0000000c', before(eniId(3)), renumbered, [
        { attribute: 'sessionNumber', before: 1, after: 2, forcesReplacement: false },
      ]),
      remove(sessionKey('eni-0000cccc'), 'tms-0000000d', before('eni-0000cccc')),
      elsewhere,
    ]);
    sandbox.calls.reset();

    const result = await applyPlan(edited, clients, {
      planId: 'guard',
      ...clock,
      ownership: { observed, policyName: POLICY, accountId: ACCOUNT, scope: { kind: 'regions', regions: [REGION] } },
    });

    expect(result.outcomes.map((outcome) => [outcome.status, outcome.error?.code])).toEqual([
      ['done', undefined],
      ['failed', 'NotOwned'],
      ['failed', 'NotOwned'],
      ['failed', 'NotOwned'],
      ['failed', 'NotOwned'],
    ]);
    expect(result.outcomes.map((outcome) => outcome.error?.message)).toEqual([
      undefined,
      "refused to delete session tms-0000000b in eu-west-1: it does not carry this policy's mirrorctl:policy tag",
      "refused to update session tms-0000000c in eu-west-1: it does not carry this policy's mirrorctl:policy tag",
      'refused to delete session tms-0000000d in eu-west-1: it belongs to another AWS account',
      "refused to delete session tms-0000000f in us-east-1: it was not seen by this run's discovery (in a region it did not read, or gone)",
    ]);
    expect(result.outcomes[1]?.error?.explanation).toContain('Nothing was sent to AWS');
    expect(sandbox.calls.byAction).toEqual({ DeleteTrafficMirrorSession: 1 });
    const left = sandbox.toFile().regions[REGION]?.trafficMirrorSessions?.map((item) => [item.id, item.sessionNumber]);
    expect(left).toEqual([
      ['tms-0000000b', 1],
      ['tms-0000000c', 1],
      ['tms-0000000d', 1],
    ]);
  });

  it('refuses a region the run discovered but whose scope excludes it', async () => {
    const { clock, sandbox, clients } = virtualSandbox(world());
    const observed = await discover(createAwsClients({ sandbox }), { regions: [REGION, ELSEWHERE] });
    const filterDelete = {
      ...remove('filter/all', 'tmf-0000000f', { kind: 'filter', description: '', networkServices: [], tags: tags('filter/all') }),
      region: ELSEWHERE,
      id: `${ELSEWHERE}/filter/all`,
    };
    sandbox.calls.reset();
    const result = await applyPlan(plan([filterDelete]), clients, {
      planId: 'guard',
      ...clock,
      ownership: { observed, policyName: POLICY, accountId: ACCOUNT, scope: { kind: 'regions', regions: [REGION] } },
    });
    expect(result.outcomes[0]?.error?.message).toBe(
      'refused to delete filter tmf-0000000f in us-east-1: it is outside the regions or interfaces of this run',
    );
    expect(sandbox.calls.total()).toBe(0);
  });
});
