/**
 * Converging one region: targets first, then the sessions (naming their filter by key), then the filters
 * those sessions use, whose references the sessions then take; then the checks that keep deletes from
 * failing: an owned target or filter that some session will still use after the apply (another tool's
 * session, or one of ours kept on its old target) is not deleted, and is not replaced either; replacements
 * that turn out blocked are planned again as kept.
 */
import { sourcesPerEniTarget } from '../support/index.js';
import { alreadyMirroredWarnings } from './already-mirrored.js';
import type { PlanAction, PlanWarning, ResourceRef, SkippedInterface } from '../types/plan.js';
import type { PlanContext } from './context.js';
import { linkDependencies } from './dependencies.js';
import type { RegionIndex } from './observed-index.js';
import { observedRefs, type ObservedRefs } from './observed-shapes.js';
import { planFilters } from './plan-filters.js';
import { planSessions } from './plan-sessions.js';
import type { PlannedSession } from './session-state.js';
import { planTargets } from './plan-targets.js';
import { plannedSessionActions, sessionDeletes, type SessionActionInputs } from './session-actions.js';
import { applyTargetSourceLimits, type TargetSourceLimit } from './source-limits.js';
import { listSome, pushTo } from './util.js';
import { linkManagedDependencies } from './managed/dependencies.js';
import { sensorZoneWarnings } from './managed/zone-warnings.js';
import { planManaged, type ManagedPlan } from './managed/plan-managed.js';
import { assignPools } from './pools/assign.js';

export interface RegionPlan {
  readonly actions: readonly PlanAction[];
  readonly skipped: readonly SkippedInterface[];
  readonly warnings: readonly PlanWarning[];
}

interface Attempt extends RegionPlan {
  readonly planned: readonly PlannedSession[];
  /** Observed target/filter id → the sessions that will still reference it after the apply. */
  readonly usersAfter: ReadonlyMap<string, readonly string[]>;
  readonly numberFreedBy: ReadonlyMap<string, readonly string[]>;
  readonly sourceFreedBy: ReadonlyMap<string, readonly string[]>;
}

/** Filter key → how many planned sessions use it: the filters the region needs. */
function sessionsByFilter(planned: readonly PlannedSession[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const session of planned) {
    const key = session.desired.filter.key;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Filter key → the filters that sessions adopted into it use now: the candidates for adopting a filter too. */
function adoptedFrom(planned: readonly PlannedSession[]): Map<string, Set<string>> {
  const from = new Map<string, Set<string>>();
  for (const session of planned) {
    if (session.adoptedUnder === undefined || session.observed === undefined) continue;
    const key = session.desired.filter.key;
    const ids = from.get(key) ?? new Set<string>();
    ids.add(session.observed.filterId);
    from.set(key, ids);
  }
  return from;
}

/** Sessions were planned with their filter by key; give them the filters' final references. */
function withFilterRefs(planned: readonly PlannedSession[], filterRefs: ReadonlyMap<string, ResourceRef>): PlannedSession[] {
  return planned.map((session) => {
    const current = session.desired.filter;
    const ref = filterRefs.get(current.key);
    if (ref === undefined || ref.id === current.id) return session;
    return { ...session, desired: { ...session.desired, filter: ref } };
  });
}

function targetLimits(ctx: PlanContext, index: RegionIndex) {
  const desiredInterface = new Map<string, string>();
  for (const target of ctx.targets.values()) {
    const eni = target.desired?.networkInterfaceId;
    if (eni !== undefined) desiredInterface.set(target.key, eni);
    for (const member of target.members ?? []) desiredInterface.set(member.key, member.networkInterfaceId);
  }
  return (ref: ResourceRef): TargetSourceLimit | undefined => {
    const eni = ref.id === undefined ? desiredInterface.get(ref.key) : index.targetById.get(ref.id)?.networkInterfaceId;
    if (eni === undefined) return undefined;
    const instanceType = index.instanceById.get(index.interfaceById.get(eni)?.attachment?.instanceId ?? '')?.type;
    const on = instanceType === undefined ? 'an instance of unknown type' : `a ${instanceType}`;
    return { limit: sourcesPerEniTarget(instanceType), label: `target ${ref.key} (${eni} on ${on})` };
  };
}

function loadBalancerCheck(ctx: PlanContext, index: RegionIndex) {
  const desiredNlb = new Set<string>();
  for (const target of ctx.targets.values()) {
    if (target.desired?.networkLoadBalancerArn !== undefined || target.desired?.loadBalancer !== undefined) desiredNlb.add(target.key);
  }
  return (ref: ResourceRef): boolean =>
    ref.id === undefined ? desiredNlb.has(ref.key) : index.targetById.get(ref.id)?.type === 'network-load-balancer';
}

/** Which sessions will still reference each of `ids` (targets and filters to delete or replace) after the apply. */
function usersAfterApply(index: RegionIndex, planned: readonly PlannedSession[], ids: ReadonlySet<string>) {
  const users = new Map<string, string[]>();
  if (ids.size === 0) return users;
  const note = (id: string | undefined, label: string): void => {
    if (id !== undefined && ids.has(id)) pushTo(users, id, label);
  };
  const plannedIds = new Set(planned.flatMap((session) => (session.observed === undefined ? [] : [session.observed.id])));
  for (const session of index.sessions) {
    // Sessions the plan keeps or adopts are counted below, where they will point after the apply.
    if (index.scope.mayChangeSession(session) || plannedIds.has(session.id)) continue;
    note(session.targetId, session.id);
    note(session.filterId, session.id);
  }
  for (const session of planned) {
    const label = session.observed?.id ?? session.key;
    note(session.desired.target.id, label);
    note(session.desired.filter.id, label);
  }
  return users;
}

function attempt(
  ctx: PlanContext,
  index: RegionIndex,
  refs: ObservedRefs,
  blocked: ReadonlySet<string>,
  managed: ManagedPlan,
): Attempt {
  const policy = ctx.policy;
  const targets = planTargets(policy, index, ctx.targets, blocked, managed.targets);
  const sessions = planSessions(ctx, index, refs, targets.refs);
  const pooled = assignPools(ctx, index, refs, sessions.planned, targets.refs);
  const limited = applyTargetSourceLimits(index, refs, pooled.planned, targetLimits(ctx, index));
  const filters = planFilters(policy, index, sessionsByFilter(limited.planned), blocked, {
    adoptedFrom: adoptedFrom(limited.planned),
    cleanupLegacyTags: ctx.cleanupLegacyTags,
  });
  const planned = withFilterRefs(limited.planned, filters.refs);
  const inputs: SessionActionInputs = { ctx, index, refs, isLoadBalancerTarget: loadBalancerCheck(ctx, index) };
  const keptIds = new Set(planned.flatMap((session) => (session.observed === undefined ? [] : [session.observed.id])));
  const shared = [...targets.actions, ...filters.actions];
  const goingAway = new Set(
    shared.flatMap((action) => (action.action === 'delete' || action.action === 'replace' ? [action.resourceId ?? ''] : [])),
  );
  return {
    planned,
    actions: [
      ...managed.actions,
      ...shared,
      ...plannedSessionActions(inputs, planned),
      ...sessionDeletes(inputs, keptIds, sessions.dropReasons),
    ],
    skipped: [...sessions.skipped, ...pooled.skipped, ...limited.skipped],
    warnings: [
      ...managed.warnings,
      ...(targets.warnings ?? []),
      ...(filters.warnings ?? []),
      ...sessions.warnings,
      ...alreadyMirroredWarnings(policy, index.region, sessions.alreadyMirrored, limited.planned),
    ],
    usersAfter: usersAfterApply(index, planned, goingAway),
    numberFreedBy: new Map(
      planned.flatMap((session) => (session.numberFreedBy.length === 0 ? [] : [[session.key, session.numberFreedBy] as const])),
    ),
    sourceFreedBy: limited.sourceFreedBy,
  };
}

const isSharedResource = (action: PlanAction): boolean => action.type === 'target' || action.type === 'filter';

/** A mirror target kept because sessions still use it keeps its managed load balancer, or it would send nowhere. */
function keepLoadBalancersOfKeptTargets(actions: readonly PlanAction[], keptTargets: ReadonlySet<string>): PlanAction[] {
  if (keptTargets.size === 0) return [...actions];
  const names = new Set([...keptTargets].map((key) => key.slice('target/'.length)));
  const managedPart = new Set<PlanAction['type']>(['load-balancer', 'target-group', 'listener']);
  return actions.filter(
    (action) => !(action.action === 'delete' && managedPart.has(action.type) && names.has(action.key.slice(action.key.indexOf('/') + 1))),
  );
}

export function planRegion(ctx: PlanContext, index: RegionIndex): RegionPlan {
  const refs = observedRefs(index, ctx.existingTargetKeys);
  const managed = planManaged(ctx, index);
  const blocked = new Map<string, string>();
  for (;;) {
    const result = attempt(ctx, index, refs, new Set(blocked.keys()), managed);
    const users = (action: PlanAction): readonly string[] =>
      action.resourceId === undefined ? [] : result.usersAfter.get(action.resourceId) ?? [];
    const newlyBlocked = result.actions.filter(
      (action) => isSharedResource(action) && action.action === 'replace' && users(action).length > 0,
    );
    for (const action of newlyBlocked) {
      blocked.set(
        action.key,
        `${action.type} ${action.key} (${action.resourceId ?? ''}) should be replaced (${action.reason}) ` +
          `but ${listSome(users(action))} will still use it; it is kept as it is`,
      );
    }
    if (newlyBlocked.length > 0) continue;

    const warnings: PlanWarning[] = [...result.warnings];
    for (const message of blocked.values()) warnings.push({ code: 'replacement-blocked', region: index.region, message });
    const keptTargets = new Set<string>();
    const actions = result.actions.filter((action) => {
      if (!isSharedResource(action) || action.action !== 'delete' || users(action).length === 0) return true;
      if (action.type === 'target') keptTargets.add(action.key);
      warnings.push({
        code: 'resource-in-use',
        region: index.region,
        message:
          `${action.type} ${action.key} (${action.resourceId ?? ''}) is not deleted (${action.reason}): ` +
          `${listSome(users(action))} still use it`,
      });
      return false;
    });
    const linked = linkDependencies(keepLoadBalancersOfKeptTargets(actions, keptTargets), {
      numberFreedBy: result.numberFreedBy,
      sourceFreedBy: result.sourceFreedBy,
      rulesOnFilter: new Map([...index.filterById].map(([id, filter]) => [id, filter.rules.length])),
    });
    warnings.push(...sensorZoneWarnings(ctx, index, managed, result.planned));
    return { actions: linkManagedDependencies(linked), skipped: result.skipped, warnings };
  }
}
