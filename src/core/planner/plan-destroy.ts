/**
 * `mode: destroy`: delete everything this policy owns in the region, sessions before the targets and filters
 * they use (rules go with their filter). Other tools' resources are never touched, and an owned target or
 * filter that another tool's session still uses is left in place with a warning.
 */
import type { PlanAction, PlanWarning } from '../types/plan.js';
import { deleteAction } from './actions.js';
import type { PlanContext } from './context.js';
import { linkDependencies, type DependencyHints } from './dependencies.js';
import { ownedSessionKey, type OwnedByKey, type RegionIndex } from './observed-index.js';
import { filterAsDesired, observedRefs, sessionAsDesired, targetAsDesired } from './observed-shapes.js';
import { compareStrings, listSome, pushTo } from './util.js';
import type { RegionPlan } from './plan-region.js';
import { linkManagedDependencies } from './managed/dependencies.js';
import { destroyManaged } from './managed/plan-managed.js';

function ownedInKeyOrder<T extends { readonly id: string }>(owned: OwnedByKey<T>): { key: string; item: T; copy: boolean }[] {
  const keyed = [...owned.byKey.keys()].sort(compareStrings).flatMap((key) =>
    (owned.byKey.get(key) ?? []).map((item, position) => ({ key, item, copy: position > 0 })),
  );
  return [...keyed, ...owned.strays.map((item) => ({ key: item.id, item, copy: false }))];
}

export function planDestroyRegion(ctx: PlanContext, index: RegionIndex): RegionPlan {
  const policyName = ctx.policy.name;
  const region = index.region;
  const reason = `destroy: owned by policy ${policyName}`;
  const refs = observedRefs(index, ctx.existingTargetKeys);
  const actions: PlanAction[] = [];
  const warnings: PlanWarning[] = [];
  const foreignUsers = new Map<string, string[]>();
  for (const session of index.sessions) {
    if (index.scope.mayChangeSession(session)) continue;
    pushTo(foreignUsers, session.targetId, session.id);
    pushTo(foreignUsers, session.filterId, session.id);
  }

  const seenKeys = new Set<string>();
  for (const session of index.sessions) {
    if (!index.scope.mayChangeSession(session)) continue;
    const key = ownedSessionKey(session, index.scope) ?? session.id;
    const parts = { region, type: 'session' as const, key, reason };
    actions.push(deleteAction(parts, session.id, sessionAsDesired(session, index, refs), seenKeys.has(key)));
    seenKeys.add(key);
  }
  const shared = [
    ...ownedInKeyOrder(index.ownedTargets)
      .filter((entry) => index.scope.mayChangeTarget(entry.item))
      .map((entry) => ({ ...entry, type: 'target' as const, before: targetAsDesired(entry.item) })),
    ...ownedInKeyOrder(index.ownedFilters)
      .filter((entry) => index.scope.mayChangeFilter(entry.item))
      .map((entry) => ({ ...entry, type: 'filter' as const, before: filterAsDesired(entry.item) })),
  ];
  const keptTargets = new Set<string>();
  for (const { key, item, copy, type, before } of shared) {
    if (ctx.existingTargetKeys.has(item.id)) continue;
    const users = foreignUsers.get(item.id) ?? [];
    if (users.length > 0) {
      if (type === 'target') keptTargets.add(key);
      warnings.push({
        code: 'resource-in-use',
        region,
        message: `${type} ${key} (${item.id}) is not deleted: ${listSome(users)}, not owned by policy ${policyName}, still use it`,
      });
      continue;
    }
    actions.push(deleteAction({ region, type, key, reason }, item.id, before, copy));
  }
  for (const action of destroyManaged(index, reason)) {
    // A target another tool's session keeps in use keeps its load balancer, or it would send nowhere.
    const name = action.key.slice(action.key.indexOf('/') + 1);
    if (!keptTargets.has(`target/${name}`)) actions.push(action);
  }
  const hints: DependencyHints = { numberFreedBy: new Map(), sourceFreedBy: new Map(), rulesOnFilter: new Map() };
  return { actions: linkManagedDependencies(linkDependencies(actions, hints)), skipped: [], warnings };
}
