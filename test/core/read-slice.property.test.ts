/**
 * Discovery reads less than the whole account: the instances of the VPCs the policy selects with their
 * interfaces, the sessions the planner can meet, the interfaces those name (`readSlice`, what
 * src/aws/discover/region.ts reads). The plan made from that must be the plan made from everything.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planChanges } from '../../src/core/planner/index.js';
import { applyPlanToObserved } from './apply-model.js';
import { accountArb, flipStates, policyArb, stateFlipsArb } from './arbitraries.js';
import { readSlice } from './read-slice.js';

/** An account some earlier version of the policy (or another policy) left, with instances started and stopped since. */
const worldArb = fc
  .tuple(accountArb, policyArb, policyArb, stateFlipsArb)
  .map(([observed, before, policy, flips]) => ({
    observed: flipStates(applyPlanToObserved(planChanges(before, observed), observed), flips),
    policy,
  }));

describe('what discovery reads (property)', () => {
  it('plans exactly as everything would, in converge and destroy mode', () => {
    fc.assert(
      fc.property(worldArb, fc.boolean(), ({ observed, policy }, allowEmptyEntries) => {
        const slice = readSlice(observed, policy);
        expect(planChanges(policy, slice, { allowEmptyEntries })).toEqual(planChanges(policy, observed, { allowEmptyEntries }));
        expect(planChanges(policy, slice, { mode: 'destroy' })).toEqual(planChanges(policy, observed, { mode: 'destroy' }));
      }),
      { numRuns: 500 },
    );
  });

  it('reads fewer instances when the policy selects some of the VPCs', () => {
    fc.assert(
      fc.property(worldArb, ({ observed, policy }) => {
        const slice = readSlice(observed, policy);
        for (const region of slice.regions) {
          const full = observed.regions.find((item) => item.region === region.region);
          expect(region.instances.length).toBeLessThanOrEqual(full?.instances.length ?? 0);
        }
      }),
      { numRuns: 50 },
    );
  });
});
