/**
 * Which sessions should exist in one region: every entry's selected instances, interface by interface, then
 * the warnings that summarise what was skipped. Sessions are planned before the filters: a filter exists in a
 * region only where a session uses it, so each session names its filter by key (a reference without an id)
 * and the caller resolves it once the filters are planned.
 */
import { filterKey, sessionKey } from '../keys.js';
import type { PlanWarning, ResourceRef, SkippedInterface } from '../types/plan.js';
import { alreadyMirroredGroups, entryDestination, type AlreadyMirroredGroup } from './already-mirrored.js';
import type { PlanContext } from './context.js';
import { entryAppliesTo, entrySelectsInstance, entrySelectsInterface, entryVpcIds, ineligibility } from './eligibility.js';
import { entryTarget } from './entry-targets.js';
import type { RegionIndex } from './observed-index.js';
import type { ObservedRefs } from './observed-shapes.js';
import { planInterface } from './plan-interface.js';
import { skip, type ActiveEntry, type PlannedSession, type SessionsState } from './session-state.js';
import { compareStrings, listSome, plural, pushTo } from './util.js';

export interface SessionsPlan {
  readonly planned: readonly PlannedSession[];
  readonly skipped: readonly SkippedInterface[];
  readonly warnings: readonly PlanWarning[];
  /** Why an owned session (by observed id) is dropped, when that was decided while looking at its interface. */
  readonly dropReasons: ReadonlyMap<string, string>;
  /** Interfaces already mirrored by sessions the policy does not own: warned about once the plan is settled. */
  readonly alreadyMirrored: readonly AlreadyMirroredGroup[];
}

function activeEntries(state: SessionsState, targetRefs: ReadonlyMap<string, ResourceRef>): ActiveEntry[] {
  const region = state.index.region;
  const filters = state.ctx.policy.filters;
  // One reference per filter, shared by the entries using it, so resolving it later is one lookup per session.
  const filterRefs = new Map<string, ResourceRef>();
  const active: ActiveEntry[] = [];
  state.ctx.policy.vpcs.forEach((entry, index) => {
    if (!entryAppliesTo(entry, region) || !Object.hasOwn(filters, entry.filter)) return;
    let filter = filterRefs.get(entry.filter);
    if (filter === undefined) {
      filter = { key: filterKey(entry.filter) };
      filterRefs.set(entry.filter, filter);
    }
    const target = entryTarget(state.ctx, region, entry, targetRefs);
    active.push({ entry, index, target, destination: entryDestination(state.ctx, state.index, entry, target), filter });
  });
  return active;
}

function summarise(state: SessionsState): void {
  const region = state.index.region;
  for (const [pair, interfaces] of [...state.duplicates].sort(([a], [b]) => compareStrings(a, b))) {
    const [first, second, target] = pair.split('\0');
    state.warnings.push({
      code: 'duplicate-entry-target',
      region,
      message:
        `vpcs entries ${first} and ${second} both send ${plural(interfaces.length, 'interface')} to target ${target} ` +
        `(${listSome(interfaces)}); only ${first}'s sessions are kept`,
    });
  }
  for (const [entryIndex, count] of [...state.crossRegionSkips].sort(([a], [b]) => a - b)) {
    const entry = state.ctx.policy.vpcs[entryIndex];
    if (entry === undefined) continue;
    state.warnings.push({
      code: 'target-in-other-region',
      region,
      message:
        `vpcs entry ${entry.key} selects ${plural(count, 'interface')} in ${region} but its target ${entry.target} ` +
        `is not in ${region}: sessions cannot cross regions; restrict the entry with regions: or add a target in ${region}`,
    });
  }
  if (state.stoppedWithSessions.length > 0) {
    const instances = [...new Set(state.stoppedWithSessions)];
    state.warnings.push({
      code: 'stopped-instances-keep-sessions',
      region,
      message: `${plural(instances.length, 'stopped instance')} ${instances.length === 1 ? 'keeps its' : 'keep their'} mirror sessions, which AWS still bills: ${listSome(instances)}`,
    });
  }
}

export function planSessions(
  ctx: PlanContext,
  index: RegionIndex,
  refs: ObservedRefs,
  targetRefs: ReadonlyMap<string, ResourceRef>,
): SessionsPlan {
  const state: SessionsState = {
    ctx,
    index,
    refs,
    planned: [],
    skipped: [],
    warnings: [],
    dropReasons: new Map(),
    stoppedWithSessions: [],
    duplicates: new Map(),
    crossRegionSkips: new Map(),
    alreadyMirrored: new Map(),
  };
  // Entries by VPC (few), then one pass over the instances in id order: no per-instance bookkeeping.
  const entriesByVpc = new Map<string, ActiveEntry[]>();
  for (const item of activeEntries(state, targetRefs)) {
    for (const vpcId of entryVpcIds(item.entry, index)) pushTo(entriesByVpc, vpcId, item);
  }
  for (const instance of index.instances) {
    const inVpc = instance.vpcId === undefined ? undefined : entriesByVpc.get(instance.vpcId);
    if (inVpc === undefined) continue;
    const entries = inVpc.filter((item) => entrySelectsInstance(item.entry, instance));
    for (const eni of entries.length === 0 ? [] : index.interfacesByInstance.get(instance.id) ?? []) {
      if (!index.scope.coversInterface(eni.id)) continue;
      const candidates = entries
        .filter((item) => entrySelectsInterface(item.entry, eni))
        .map((item) => ({ active: item, key: sessionKey(item.entry.key, eni.id) }));
      if (candidates.length === 0) continue;
      const problem = ineligibility(ctx, index, instance, eni);
      if (problem === undefined) planInterface(state, instance, eni, candidates);
      else skip(state, instance, eni, problem.reason, problem.detail);
    }
  }
  summarise(state);
  return {
    planned: state.planned,
    skipped: state.skipped,
    warnings: state.warnings,
    dropReasons: state.dropReasons,
    alreadyMirrored: alreadyMirroredGroups(state),
  };
}
