/**
 * Filters and their rules in one region: only those some session in the region uses (new or kept), so a
 * filter is not created, nor kept, where no session would mirror through it. A filter's description cannot
 * change in place, so it forces a replacement: the new filter gets every rule anew (AWS deletes the old rules
 * with the old filter) and the sessions are re-pointed before the old filter goes. Network services and rules
 * are modified in place. Owned filters the run's scope does not let it change are used as they are.
 *
 * A filter another tool made that the policy's `adopt` names is adopted only as it is: when its description,
 * network services and rules are already the policy filter's. Otherwise adopting it would change the other
 * tool's rules under its sessions (and a description cannot change at all), so the policy's filter is created
 * and the sessions adopted from the old one are re-pointed to it in place; a warning says why.
 */
import { filterDescription } from '../descriptions.js';
import { filterKey, ruleKey } from '../keys.js';
import { ownershipTags } from '../ownership.js';
import { legacyTagKeys, type AdoptionRule } from '../scope/index.js';
import type { ObservedFilter, ObservedRule } from '../types/observed.js';
import type { AttributeChange, DesiredFilter, DesiredRule, PlanAction, PlanWarning, ResourceRef } from '../types/plan.js';
import type { Policy, PolicyFilter, PolicyRule } from '../types/policy.js';
import { adoptAction, change, createAction, deleteAction, replaceAction, sameText, sameValue, updateAction } from './actions.js';
import { entryAppliesTo } from './eligibility.js';
import type { RegionIndex } from './observed-index.js';
import { filterAsDesired, ruleAsDesired } from './observed-shapes.js';
import { orphanKeys, pickPrimary } from './owned-match.js';
import type { ResourcesPlan } from './plan-targets.js';
import { ruleSettings } from './rule-settings.js';
import { compareStrings, plural } from './util.js';

function desiredFilter(policy: Policy, filter: PolicyFilter): DesiredFilter {
  return {
    kind: 'filter',
    description: filterDescription(policy.name, filter.name, filter.description),
    networkServices: [...filter.networkServices].sort(),
    tags: ownershipTags(policy.name, filterKey(filter.name)),
  };
}

function desiredRule(
  policy: Policy,
  filter: PolicyFilter,
  direction: 'ingress' | 'egress',
  rule: PolicyRule,
  ref: ResourceRef,
): DesiredRule {
  return {
    kind: 'filter-rule',
    filter: ref,
    direction,
    ...ruleSettings(rule),
    tags: ownershipTags(policy.name, ruleKey(filter.name, direction, rule.number)),
  };
}

const replacementChanges = (desired: DesiredFilter, observed: ObservedFilter): AttributeChange[] =>
  sameText(observed.description, desired.description)
    ? []
    : [change('description', observed.description, desired.description, true)];

function servicesChanges(desired: DesiredFilter, observed: ObservedFilter): AttributeChange[] {
  const before = [...observed.networkServices].sort();
  return sameValue(before, desired.networkServices) ? [] : [change('networkServices', before, desired.networkServices)];
}

function ruleChanges(desired: DesiredRule, observed: ObservedRule): AttributeChange[] {
  const pairs: [string, unknown, unknown][] = [
    ['action', observed.action, desired.action],
    ['protocol', observed.protocol, desired.protocol],
    ['source', observed.source, desired.source],
    ['destination', observed.destination, desired.destination],
    ['sourcePorts', observed.sourcePorts, desired.sourcePorts],
    ['destinationPorts', observed.destinationPorts, desired.destinationPorts],
  ];
  const changes = pairs.filter(([, before, after]) => !sameValue(before, after)).map(([name, b, a]) => change(name, b, a));
  if (!sameText(observed.description, desired.description)) {
    changes.push(change('description', observed.description || undefined, desired.description));
  }
  return changes;
}

const ruleSlot = (direction: string, number: number): string => `${direction}/${number}`;

/** Rules of a filter that survives: modify in place where the slot (direction + number) matches. */
function planRules(
  region: string,
  filter: PolicyFilter,
  desired: readonly DesiredRule[],
  observed: ObservedFilter,
  ref: ResourceRef,
): PlanAction[] {
  const actions: PlanAction[] = [];
  const parts = (key: string, reason: string) => ({ region, type: 'filter-rule' as const, key, reason });
  const observedBySlot = new Map<string, ObservedRule>();
  const extras: ObservedRule[] = [];
  for (const rule of [...observed.rules].sort((a, b) => compareStrings(a.id, b.id))) {
    const slot = ruleSlot(rule.direction, rule.number);
    if (observedBySlot.has(slot)) extras.push(rule);
    else observedBySlot.set(slot, rule);
  }
  const desiredSlots = new Set<string>();
  for (const rule of desired) {
    const slot = ruleSlot(rule.direction, rule.number);
    desiredSlots.add(slot);
    const key = ruleKey(filter.name, rule.direction, rule.number);
    const current = observedBySlot.get(slot);
    if (current === undefined) {
      actions.push(createAction(parts(key, `${rule.direction} rule #${rule.number} of filter ${filter.name}`), rule));
      continue;
    }
    const changes = ruleChanges(rule, current);
    if (changes.length === 0) continue;
    const reason = `changed: ${changes.map((item) => item.attribute).join(', ')}`;
    actions.push(updateAction(parts(key, reason), current.id, ruleAsDesired(current, ref), rule, changes));
  }
  for (const [slot, rule] of observedBySlot) {
    if (desiredSlots.has(slot)) continue;
    const key = ruleKey(filter.name, rule.direction, rule.number);
    const reason = `${rule.direction} rule #${rule.number} is no longer in filter ${filter.name}`;
    actions.push(deleteAction(parts(key, reason), rule.id, ruleAsDesired(rule, ref)));
  }
  for (const rule of extras) {
    const key = ruleKey(filter.name, rule.direction, rule.number);
    const reason = `duplicate of another ${rule.direction} rule #${rule.number}`;
    actions.push(deleteAction(parts(key, reason), rule.id, ruleAsDesired(rule, ref), true));
  }
  return actions;
}

function orphanReason(policy: Policy, key: string, region: string): string {
  const name = key.slice('filter/'.length);
  if (!Object.hasOwn(policy.filters, name)) return `filter ${name} is no longer in the policy`;
  const named = policy.vpcs.some((entry) => entry.filter === name && entryAppliesTo(entry, region));
  return named ? `no session in ${region} uses filter ${name}` : `filter ${name} is no longer used by any vpcs entry in ${region}`;
}

/** What the filters of a region may take over from another tool. */
export interface FilterAdoptions {
  /** Filter key → the filters that the sessions adopted into it use now. */
  readonly adoptedFrom: ReadonlyMap<string, ReadonlySet<string>>;
  /** `--cleanup-legacy-tags`. */
  readonly cleanupLegacyTags: boolean;
}

const NO_ADOPTIONS: FilterAdoptions = { adoptedFrom: new Map(), cleanupLegacyTags: false };

const madeBy = (rule: AdoptionRule): string =>
  rule === 'vectra' ? "Vectra's session mirroring tool (adopt: vectra)" : 'another tool (adopt)';

/** Why a filter another tool made cannot become the policy's filter as it is; empty when it can. */
function differences(region: string, filter: PolicyFilter, desired: DesiredFilter, rules: readonly DesiredRule[], observed: ObservedFilter): string[] {
  const found: string[] = [];
  if (!sameText(observed.description, desired.description)) {
    found.push(`its description "${observed.description ?? ''}" is not the policy's "${desired.description}", and AWS cannot change a filter's description`);
  }
  const services = servicesChanges(desired, observed)[0];
  if (services !== undefined) {
    found.push(`its network services [${String(services.before)}] are not the policy's [${String(services.after)}]`);
  }
  for (const action of planRules(region, filter, rules, observed, { key: filterKey(filter.name), id: observed.id })) {
    const rule = action.after ?? action.before;
    if (rule?.kind !== 'filter-rule') continue;
    const what = `${rule.direction} rule #${rule.number}`;
    if (action.action === 'create') found.push(`it has no ${what}`);
    else if (action.action === 'update') found.push(`its ${what} differs (${action.changes.map((item) => item.attribute).join(', ')})`);
    else found.push(`its ${what} is not in the policy`);
  }
  return found;
}

/** `sessionsByFilter`: filter key → how many of the sessions planned in the region (new or kept) use it. */
export function planFilters(
  policy: Policy,
  index: RegionIndex,
  sessionsByFilter: ReadonlyMap<string, number>,
  blockedReplacements: ReadonlySet<string>,
  adoptions: FilterAdoptions = NO_ADOPTIONS,
): ResourcesPlan {
  const region = index.region;
  const refs = new Map<string, ResourceRef>();
  const actions: PlanAction[] = [];
  const warnings: PlanWarning[] = [];
  const adopted = new Set<string>();
  const parts = (key: string, reason: string) => ({ region, type: 'filter' as const, key, reason });
  const desiredKeys = new Set<string>();
  const observedUses = new Map<string, number>();
  for (const session of index.sessions) observedUses.set(session.filterId, (observedUses.get(session.filterId) ?? 0) + 1);

  const used = Object.keys(policy.filters)
    .sort(compareStrings)
    .flatMap((name) => {
      const sessions = sessionsByFilter.get(filterKey(name)) ?? 0;
      return sessions === 0 ? [] : [{ filter: policy.filters[name] as PolicyFilter, sessions }];
    });
  for (const { filter, sessions } of used) {
    const key = filterKey(filter.name);
    desiredKeys.add(key);
    const desired = desiredFilter(policy, filter);
    const rulesFor = (ref: ResourceRef): DesiredRule[] => [
      ...filter.ingress.map((rule) => desiredRule(policy, filter, 'ingress', rule, ref)),
      ...filter.egress.map((rule) => desiredRule(policy, filter, 'egress', rule, ref)),
    ];
    const createRules = (ref: ResourceRef): void => {
      for (const rule of rulesFor(ref)) {
        const ruleParts = { region, type: 'filter-rule' as const, key: ruleKey(filter.name, rule.direction, rule.number) };
        actions.push(createAction({ ...ruleParts, reason: `${rule.direction} rule #${rule.number} of filter ${filter.name}` }, rule));
      }
    };
    const { primary, duplicates } = pickPrimary(
      index.ownedFilters.byKey.get(key) ?? [],
      (observed) => replacementChanges(desired, observed).length === 0,
      (observed) => observedUses.get(observed.id) ?? 0,
    );
    for (const duplicate of duplicates) {
      if (!index.scope.mayChangeFilter(duplicate)) continue;
      const reason = `duplicate of ${primary?.id ?? 'another filter'} (same key)`;
      actions.push(deleteAction(parts(key, reason), duplicate.id, filterAsDesired(duplicate), true));
    }
    if (primary === undefined) {
      const legacy = legacyFilters(index, adoptions.adoptedFrom.get(key), adopted, observedUses);
      const fits = legacy.find(({ filter: other }) => differences(region, filter, desired, rulesFor({ key, id: other.id }), other).length === 0);
      if (fits !== undefined) {
        adopted.add(fits.filter.id);
        refs.set(key, { key, id: fits.filter.id });
        actions.push(adoptFilter(policy, index, filter, desired, fits, adoptions.cleanupLegacyTags));
        continue;
      }
      const ref = { key };
      refs.set(key, ref);
      const reason = `filter ${filter.name} is used by ${plural(sessions, 'session')} in ${region}`;
      actions.push(createAction(parts(key, reason), desired));
      createRules(ref);
      const left = legacy.find(({ filter: other }) => adoptions.adoptedFrom.get(key)?.has(other.id) === true);
      if (left !== undefined) {
        const why = differences(region, filter, desired, rulesFor({ key, id: left.filter.id }), left.filter);
        warnings.push({
          code: 'legacy-filter-not-adopted',
          region,
          message:
            `filter ${filter.name}: ${left.filter.id}, made by ${madeBy(left.rule)}, is not adopted: ${why.join('; ')}; ` +
            `the policy's filter is created and the sessions adopted from ${left.filter.id} are re-pointed to it in place. ` +
            `${left.filter.id} is left as it is (a rollback may use it): delete it by hand once nothing uses it, or ` +
            `give filter ${filter.name} its description and rules to adopt it instead`,
        });
      }
      continue;
    }
    if (!index.scope.mayChangeFilter(primary)) {
      refs.set(key, { key, id: primary.id });
      continue;
    }
    const replacing = replacementChanges(desired, primary);
    const services = servicesChanges(desired, primary);
    if (replacing.length > 0 && !blockedReplacements.has(key)) {
      const ref = { key };
      refs.set(key, ref);
      const reason = "AWS cannot change a filter's description in place";
      actions.push(replaceAction(parts(key, reason), primary.id, filterAsDesired(primary), desired, [...replacing, ...services]));
      createRules(ref);
      continue;
    }
    const ref = { key, id: primary.id };
    refs.set(key, ref);
    if (services.length > 0) {
      actions.push(updateAction(parts(key, 'network services changed'), primary.id, filterAsDesired(primary), desired, services));
    }
    actions.push(...planRules(region, filter, rulesFor(ref), primary, ref));
  }

  for (const key of orphanKeys(index.ownedFilters.byKey, desiredKeys)) {
    const reason = orphanReason(policy, key, region);
    for (const [position, observed] of (index.ownedFilters.byKey.get(key) ?? []).entries()) {
      if (!index.scope.mayChangeFilter(observed)) continue;
      actions.push(deleteAction(parts(key, reason), observed.id, filterAsDesired(observed), position > 0));
    }
  }
  for (const stray of index.ownedFilters.strays) {
    if (!index.scope.mayChangeFilter(stray)) continue;
    const reason = `owned by policy ${policy.name} but its mirrorctl:key tag is missing or not a filter key`;
    actions.push(deleteAction(parts(stray.id, reason), stray.id, filterAsDesired(stray)));
  }
  return { refs, actions, warnings };
}

interface LegacyFilter {
  readonly filter: ObservedFilter;
  readonly rule: AdoptionRule;
}

/**
 * The filters another tool made that a policy filter may adopt: those its adopted sessions use first, then
 * the most used; each one is adopted once at most.
 */
function legacyFilters(
  index: RegionIndex,
  usedByAdopted: ReadonlySet<string> | undefined,
  adopted: ReadonlySet<string>,
  uses: ReadonlyMap<string, number>,
): LegacyFilter[] {
  const found: LegacyFilter[] = [];
  for (const filter of index.filterById.values()) {
    const rule = index.scope.filterAdoption(filter);
    if (rule !== undefined && !adopted.has(filter.id)) found.push({ filter, rule });
  }
  const rank = (item: LegacyFilter): number => (usedByAdopted?.has(item.filter.id) === true ? 1 : 0);
  return found.sort(
    (a, b) => rank(b) - rank(a) || (uses.get(b.filter.id) ?? 0) - (uses.get(a.filter.id) ?? 0) || compareStrings(a.filter.id, b.filter.id),
  );
}

function adoptFilter(
  policy: Policy,
  index: RegionIndex,
  filter: PolicyFilter,
  desired: DesiredFilter,
  legacy: LegacyFilter,
  cleanupLegacyTags: boolean,
): PlanAction {
  const observed = legacy.filter;
  const markers = cleanupLegacyTags ? new Set(legacyTagKeys(policy.adopt, observed.tags)) : new Set<string>();
  const kept = Object.fromEntries(Object.entries(observed.tags).filter(([key]) => !markers.has(key)));
  const before = filterAsDesired(observed);
  const after: DesiredFilter = { ...before, tags: { ...kept, ...desired.tags } };
  const reason =
    `take over ${observed.id}, made by ${madeBy(legacy.rule)}, as it is: its description, network services and ` +
    `rules are filter ${filter.name}'s`;
  const parts = { region: index.region, type: 'filter' as const, key: filterKey(filter.name), reason };
  return adoptAction(parts, observed.id, before, after, [change('tags', before.tags, after.tags)]);
}
