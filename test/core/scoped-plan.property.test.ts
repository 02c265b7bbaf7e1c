/**
 * A healer's scoped run must decide, for the interfaces it is about, exactly what a full plan decides for
 * them: the same session creates, updates and deletes, and only creates of the targets, filters and rules
 * those sessions need. `sliceFor` is what scoped discovery (src/aws/discover/scoped.ts) reads, cut out of
 * the full observation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planChanges } from '../../src/core/planner/index.js';
import type { Plan, PlanAction } from '../../src/core/types/plan.js';
import { applyPlanToObserved } from './apply-model.js';
import { accountArb, flipStates, policyArb, stateFlipsArb } from './arbitraries.js';
import { sliceFor } from './scope-slice.js';

const eniOf = (action: PlanAction): string | undefined => {
  const resource = action.after ?? action.before;
  return resource?.kind === 'session' ? resource.networkInterfaceId : undefined;
};

const sessionActions = (plan: Plan, region: string, scope: ReadonlySet<string>): PlanAction[] =>
  plan.actions.filter((action) => action.region === region && action.type === 'session' && scope.has(eniOf(action) ?? ''));

/** An account some earlier version of the policy (or another policy) left, with instances started and stopped since. */
const worldArb = fc
  .tuple(accountArb, policyArb, policyArb, stateFlipsArb)
  .map(([observed, before, policy, flips]) => ({
    observed: flipStates(applyPlanToObserved(planChanges(before, observed), observed), flips),
    policy,
  }))
  .chain(({ observed, policy }) =>
    fc
      .constantFrom(...observed.regions.map((region) => region.region))
      .chain((region) => {
        const enis = observed.regions.find((item) => item.region === region)?.networkInterfaces.map((eni) => eni.id) ?? [];
        return fc.record({ region: fc.constant(region), scope: fc.subarray(enis, { minLength: 1 }) });
      })
      .map(({ region, scope }) => ({ observed, policy, region, scope: new Set(scope) })),
  );

/** Replacing a target or filter re-points every session at once: a decision for the whole region. */
const replacesShared = (plan: Plan, region: string): boolean =>
  plan.actions.some((action) => action.region === region && (action.type === 'target' || action.type === 'filter') && action.action === 'replace');

/**
 * An interface target's 10 sources are shared by every interface of the region. With fewer free than interfaces
 * wanting one, the full plan admits them in policy order, a scoped run the interfaces it is about (first come,
 * first served); room made by deleting other interfaces' sessions only the full plan can make. Both stay within
 * AWS's limit, and the scheduled reconcile settles the rest.
 */
function contendsForTargetSources(plan: Plan, region: string, scope: ReadonlySet<string>): boolean {
  if (plan.skipped.some((item) => item.region === region && item.reason === 'target-full')) return true;
  const inScope = new Set(sessionActions(plan, region, scope).map((action) => action.id));
  const elsewhere = new Set(plan.actions.filter((action) => action.type === 'session' && !inScope.has(action.id)).map((action) => action.id));
  return sessionActions(plan, region, scope).some((action) => action.dependsOn.some((id) => elsewhere.has(id)));
}

/**
 * A scoped run sees one region: an entry whose target lives in another region matches nothing there, so its
 * sessions are held (never deleted from partial sight) where the full plan, seeing the target, deletes them as
 * unable to cross regions. Holding is the safe side; the scheduled full reconcile makes the delete.
 */
const holdsMoreThanFull = (scoped: Plan, full: Plan): boolean => {
  const held = (plan: Plan) => new Set(plan.warnings.filter((w) => w.code === 'entry-matches-nothing').map((w) => w.message.split(':')[0]));
  const inFull = held(full);
  return [...held(scoped)].some((entry) => !inFull.has(entry));
};

describe('scoped plans (property)', () => {
  it('decide for their interfaces exactly what the full plan decides, and create only the shared resources those need', () => {
    fc.assert(
      fc.property(worldArb, ({ observed, policy, region, scope }) => {
        const full = planChanges(policy, observed);
        fc.pre(!replacesShared(full, region) && !contendsForTargetSources(full, region, scope));
        const scoped = planChanges(policy, sliceFor(observed, policy, region, scope), {
          regions: [region],
          scope: { kind: 'interfaces', region, interfaceIds: [...scope] },
        });
        fc.pre(!holdsMoreThanFull(scoped, full));
        expect(sessionActions(scoped, region, scope)).toEqual(sessionActions(full, region, scope));
        const shared = scoped.actions.filter((action) => action.type !== 'session');
        // The reason of a filter create counts the sessions that use it: the scoped run sees fewer of them.
        const withoutReason = ({ reason: _reason, ...rest }: PlanAction) => rest;
        for (const action of shared) {
          expect(action.action).toBe('create');
          expect(full.actions.map(withoutReason)).toContainEqual(withoutReason(action));
        }
        expect(scoped.actions.filter((action) => action.type === 'session')).toHaveLength(sessionActions(scoped, region, scope).length);
      }),
      { numRuns: 400 },
    );
  });
});
