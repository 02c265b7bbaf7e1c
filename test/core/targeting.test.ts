/** `--target`: the full plan cut to some entries', VPCs', instances' or interfaces' sessions and what they need. */
import { describe, expect, it } from 'vitest';
import { planChanges } from '../../src/core/planner/index.js';
import { parseSelector, targetPlan } from '../../src/core/targeting.js';
import { UserError } from '../../src/core/errors.js';
import { account, entry, makePolicy, observedRegion, ownedSession, convergedSensor, server } from './builders.js';

const policy = makePolicy({ exclude: { instanceIds: [], networkInterfaceIds: [], tags: { mirroring: 'off' } } });
// i-1 and i-2 need sessions; i-3 was excluded since its session was made: the full plan deletes it.
const world = account(
  observedRegion({
    servers: [server('i-1'), server('i-2'), server('i-3', { tags: { mirroring: 'off' } })],
    sessions: [ownedSession('tms-3', 'vpc-a', 'eni-3-0')],
  }),
);
const lines = (plan: ReturnType<typeof planChanges>) => plan.actions.map((action) => `${action.action} ${action.key}`);

describe('targetPlan', () => {
  const full = planChanges(policy, world);

  it("keeps an instance's sessions and the target, filter and rules they need, and nothing else", () => {
    const targeted = targetPlan(full, [parseSelector('i-1', policy)], world, policy);
    expect(lines(targeted)).toEqual([
      'create target/sensor',
      'create filter/all',
      ...lines(full).filter((line) => line.startsWith('create filter/all/')),
      'create session/vpc-a/eni-1-0',
    ]);
    expect(lines(full)).toContain('delete session/vpc-a/eni-3-0');
    expect(targeted.summary).toEqual({ create: targeted.actions.length, update: 0, delete: 0 });
    expect(targeted.cost.byRegion[0]?.sessionsAfter).toBe(2);
    expect(targeted.targets).toEqual(['i-1']);
  });

  it('deletes a targeted session that is no longer wanted, and only that', () => {
    const targeted = targetPlan(full, [parseSelector('eni-3-0', policy)], world, policy);
    expect(lines(targeted)).toEqual(['delete session/vpc-a/eni-3-0']);
  });

  it('takes an entry key or a VPC id for every session of that entry or VPC', () => {
    const { targets, filters } = convergedSensor();
    const converged = account(observedRegion({ servers: [server('i-1'), server('i-2')], targets, filters }));
    const plan = planChanges(makePolicy({ vpcs: [entry({ key: 'web', vpcId: 'vpc-a' })] }), converged);
    const withEntry = makePolicy({ vpcs: [entry({ key: 'web', vpcId: 'vpc-a' })] });
    expect(lines(targetPlan(plan, [parseSelector('web', withEntry)], converged, withEntry))).toEqual([
      'create session/web/eni-1-0',
      'create session/web/eni-2-0',
    ]);
    expect(lines(targetPlan(plan, [parseSelector('vpc-a', withEntry)], converged, withEntry))).toHaveLength(2);
  });

  it('refuses a value that is neither an entry nor an id, and an id the account does not have', () => {
    expect(() => parseSelector('prdo', policy)).toThrow(UserError);
    expect(() => parseSelector('prdo', policy)).toThrow(/neither a vpcs entry of the policy nor a VPC, instance or interface id/);
    expect(() => targetPlan(full, [parseSelector('i-9', policy)], world, policy)).toThrow(/--target i-9: not found in us-east-1/);
  });
});
