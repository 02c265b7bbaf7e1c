/**
 * Filters and their rules in one region: only those some session in the region uses (new or kept), so a
 * filter is not created, nor kept, where no session would mirror through it. A filter's description cannot
 * change in place, so it forces a replacement: the new filter gets every rule anew (AWS deletes the old rules
 * with the old filter) and the sessions are re-pointed before the old filter goes. Network services and rules
 * are modified in place. Owned filters the run's scope does not let it change are used as they are.
 */
import { filterDescription } from '../descriptions.js';
import { filterKey, ruleKey } from '../keys.js';
import { ownershipTags } from '../ownership.js';
import type { ObservedFilter, ObservedRule } from '../types/observed.js';
import type { AttributeChange, DesiredFilter, DesiredRule, PlanAction, ResourceRef } from '../types/plan.js';
import type { Policy, PolicyFilter, PolicyRule } from '../types/policy.js';
import { change, createAction, deleteAction, replaceAction, sameText, sameValue, updateAction } from './actions.js';
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

/** `sessionsByFilter`: filter key → how many of the sessions planned in the region (new or kept) use it. */
export function planFilters(
  policy: Policy,
  index: RegionIndex,
  sessionsByFilter: ReadonlyMap<string, number>,
  blockedReplacements: ReadonlySet<string>,
): ResourcesPlan {
  const region = index.region;
  const refs = new Map<string, ResourceRef>();
  const actions: PlanAction[] = [];
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
      const ref = { key };
      refs.set(key, ref);
      const reason = `filter ${filter.name} is used by ${plural(sessions, 'session')} in ${region}`;
      actions.push(createAction(parts(key, reason), desired));
      createRules(ref);
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
  return { refs, actions };
}
