import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planChanges } from '../../src/core/planner/index.js';
import type { ObservedAccount } from '../../src/core/types/observed.js';
import type { Plan } from '../../src/core/types/plan.js';
import type { Policy } from '../../src/core/types/policy.js';
import { applyPlanToObserved, type ApplyOrder } from './apply-model.js';
import { accountArb, flipStates, policyArb, stateFlipsArb, untouchable } from './arbitraries.js';

const orderArb = fc.constantFrom<ApplyOrder>('forward', 'reverse', 'deletes-last');

/** Other policies', other tools' and other accounts' resources: no plan names them, and they end as they began. */
function expectUntouched(start: ObservedAccount, end: ObservedAccount, policy: Policy, plans: readonly Plan[]): void {
  const before = untouchable(start, policy.name);
  const named = plans.flatMap((plan) => plan.actions.map((action) => `${action.region}/${action.resourceId ?? ''}`));
  expect(named.filter((id) => before.has(id))).toEqual([]);
  const after = untouchable(end, policy.name);
  for (const [id, item] of before) expect(after.get(id)).toEqual(item);
}

describe('convergence (property)', () => {
  it('planning again against what an apply produced gives an empty plan', () => {
    fc.assert(
      fc.property(accountArb, policyArb, orderArb, (observed, policy, order) => {
        const planned = planChanges(policy, observed);
        const applied = applyPlanToObserved(planned, observed, { order });
        expect(planChanges(policy, applied).actions).toEqual([]);
        expectUntouched(observed, applied, policy, [planned]);
      }),
      { numRuns: 300 },
    );
  });

  it('converges from a state another version of the policy left (renames, changes, deletions)', () => {
    fc.assert(
      fc.property(accountArb, policyArb, policyArb, stateFlipsArb, orderArb, (observed, before, after, flips, order) => {
        const initial = planChanges(before, observed);
        const first = flipStates(applyPlanToObserved(initial, observed, { order }), flips);
        const next = planChanges(after, first);
        const second = applyPlanToObserved(next, first, { order });
        expect(planChanges(after, second).actions).toEqual([]);
        expectUntouched(observed, second, after, [initial, next]);
      }),
      { numRuns: 300 },
    );
  });

  it('destroy removes everything the policy owns and nothing else', () => {
    fc.assert(
      fc.property(accountArb, policyArb, (observed, policy) => {
        const planned = planChanges(policy, observed);
        const built = applyPlanToObserved(planned, observed);
        const destroy = planChanges(policy, built, { mode: 'destroy' });
        const destroyed = applyPlanToObserved(destroy, built, { order: 'reverse' });
        const tagged = destroyed.regions.flatMap((region) =>
          [...region.targets, ...region.filters, ...region.sessions].filter(
            (item) => item.tags['mirrorctl:policy'] === policy.name && !('ownerId' in item && item.ownerId !== undefined),
          ),
        );
        expect(tagged).toEqual([]);
        expectUntouched(observed, destroyed, policy, [planned, destroy]);
        expect(destroyed.regions.map((region) => region.sessions.length)).toEqual(
          observed.regions.map((region) => region.sessions.length),
        );
      }),
      { numRuns: 150 },
    );
  });
});
