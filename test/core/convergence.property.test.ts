import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planChanges } from '../../src/core/planner/index.js';
import { applyPlanToObserved, type ApplyOrder } from './apply-model.js';
import { accountArb, flipStates, policyArb, stateFlipsArb } from './arbitraries.js';

const orderArb = fc.constantFrom<ApplyOrder>('forward', 'reverse', 'deletes-last');

describe('convergence (property)', () => {
  it('planning again against what an apply produced gives an empty plan', () => {
    fc.assert(
      fc.property(accountArb, policyArb, orderArb, (observed, policy, order) => {
        const applied = applyPlanToObserved(planChanges(policy, observed), observed, { order });
        expect(planChanges(policy, applied).actions).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('converges from a state another version of the policy left (renames, changes, deletions)', () => {
    fc.assert(
      fc.property(accountArb, policyArb, policyArb, stateFlipsArb, orderArb, (observed, before, after, flips, order) => {
        const first = flipStates(applyPlanToObserved(planChanges(before, observed), observed, { order }), flips);
        const second = applyPlanToObserved(planChanges(after, first), first, { order });
        expect(planChanges(after, second).actions).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('destroy removes everything the policy owns and nothing else', () => {
    fc.assert(
      fc.property(accountArb, policyArb, (observed, policy) => {
        const built = applyPlanToObserved(planChanges(policy, observed), observed);
        const destroyed = applyPlanToObserved(planChanges(policy, built, { mode: 'destroy' }), built, { order: 'reverse' });
        const tagged = destroyed.regions.flatMap((region) =>
          [...region.targets, ...region.filters, ...region.sessions].filter((item) => item.tags['mirrorctl:policy'] === policy.name),
        );
        expect(tagged).toEqual([]);
        expect(destroyed.regions.map((region) => region.sessions.length)).toEqual(
          observed.regions.map((region) => region.sessions.length),
        );
      }),
      { numRuns: 150 },
    );
  });
});
