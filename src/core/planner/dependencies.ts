/**
 * dependsOn between the actions of one region. The executor runs independent actions concurrently and, for a
 * replace, creates the new resource first and deletes the old one only after every action that depends on
 * the replace has finished; the edges below are what make that order safe against AWS's rules.
 */
import type { DesiredResource, DesiredRule, DesiredSession, PlanAction, ResourceRef } from '../types/plan.js';
import { compareStrings, pushTo } from './util.js';

/** AWS quota: rules per filter, ingress and egress together (not adjustable). */
const RULES_PER_FILTER = 10;

export interface DependencyHints {
  /** Session key → observed sessions whose deletion or renumbering frees the number it takes. */
  readonly numberFreedBy: ReadonlyMap<string, readonly string[]>;
  /** Session key → observed sessions whose leaving an ENI target makes room for it. */
  readonly sourceFreedBy: ReadonlyMap<string, readonly string[]>;
  /** Observed filter id → how many rules it holds now; a filter not listed counts as full. */
  readonly rulesOnFilter: ReadonlyMap<string, number>;
}

const asSession = (resource: DesiredResource | undefined): DesiredSession | undefined =>
  resource?.kind === 'session' ? resource : undefined;

interface RuleCreate {
  readonly id: string;
  readonly rule: DesiredRule;
}

const byRuleSlot = (a: DesiredRule, b: DesiredRule): number => compareStrings(a.direction, b.direction) || a.number - b.number;

/**
 * Rule creates on a surviving filter that must wait for that filter's rule deletes. Waiting drops the
 * mirroring of a renumbered rule for a moment, so only as many creates wait as would otherwise take the
 * filter past its quota in the worst schedule (every create before any delete): the last ones by direction
 * and number. The others, and all of them when the filter has room, start at once.
 */
function rulesWaitingForDeletes(
  creates: ReadonlyMap<string, readonly RuleCreate[]>,
  deletes: ReadonlyMap<string, readonly string[]>,
  rulesOnFilter: ReadonlyMap<string, number>,
): Map<string, readonly string[]> {
  const waiting = new Map<string, readonly string[]>();
  for (const [filterId, filterCreates] of creates) {
    const filterDeletes = deletes.get(filterId) ?? [];
    if (filterDeletes.length === 0) continue;
    const held = rulesOnFilter.get(filterId) ?? RULES_PER_FILTER;
    const excess = held + filterCreates.length - RULES_PER_FILTER;
    if (excess <= 0) continue;
    const ordered = [...filterCreates].sort((a, b) => byRuleSlot(a.rule, b.rule));
    for (const create of ordered.slice(-excess)) waiting.set(create.id, filterDeletes);
  }
  return waiting;
}

export function linkDependencies(actions: readonly PlanAction[], hints: DependencyHints): PlanAction[] {
  const madeByKey = new Map<string, string>();
  const byResourceId = new Map<string, string>();
  const replacedIds = new Map<string, PlanAction>();
  const sessionsUsing = new Map<string, string[]>();
  const sessionDeletesByEni = new Map<string, string[]>();
  /** By observed filter id: rules are deleted and created one by one only on a filter that survives. */
  const ruleDeletesByFilter = new Map<string, string[]>();
  const ruleCreatesByFilter = new Map<string, RuleCreate[]>();
  const ruleCreatesByNewFilter = new Map<string, string[]>();
  for (const action of actions) {
    if (action.resourceId !== undefined) byResourceId.set(action.resourceId, action.id);
    if ((action.type === 'target' || action.type === 'filter') && (action.action === 'create' || action.action === 'replace')) {
      madeByKey.set(action.key, action.id);
      if (action.action === 'replace' && action.resourceId !== undefined) replacedIds.set(action.resourceId, action);
    }
    const before = asSession(action.before);
    if (before !== undefined) {
      if (before.target.id !== undefined) pushTo(sessionsUsing, before.target.id, action.id);
      if (before.filter.id !== undefined) pushTo(sessionsUsing, before.filter.id, action.id);
      if (action.action === 'delete') pushTo(sessionDeletesByEni, before.networkInterfaceId, action.id);
    }
    if (action.type === 'filter-rule' && action.action === 'delete' && action.before?.kind === 'filter-rule') {
      const filterId = action.before.filter.id;
      if (filterId !== undefined) pushTo(ruleDeletesByFilter, filterId, action.id);
    }
    if (action.after?.kind === 'filter-rule' && action.action === 'create') {
      const filterId = action.after.filter.id;
      if (filterId === undefined) pushTo(ruleCreatesByNewFilter, action.after.filter.key, action.id);
      else pushTo(ruleCreatesByFilter, filterId, { id: action.id, rule: action.after });
    }
  }
  const ruleCreatesWaiting = rulesWaitingForDeletes(ruleCreatesByFilter, ruleDeletesByFilter, hints.rulesOnFilter);
  return actions.map((action) => {
    const deps: string[] = [];
    const made = (ref: ResourceRef): void => {
      const id = ref.id === undefined ? madeByKey.get(ref.key) : undefined;
      if (id !== undefined) deps.push(id);
    };
    const actionsFor = (resourceIds: readonly string[] | undefined): void => {
      for (const resourceId of resourceIds ?? []) {
        const id = byResourceId.get(resourceId);
        if (id !== undefined) deps.push(id);
      }
    };
    const after = action.after;
    if (after?.kind === 'filter-rule') {
      made(after.filter);
      deps.push(...(ruleCreatesWaiting.get(action.id) ?? []));
    }
    if (after?.kind === 'session') {
      made(after.target);
      made(after.filter);
      // A filter without its rules mirrors nothing: a session moves to (or starts on) a new filter only once
      // the filter is complete, so a replace never leaves a gap and a failed rule keeps the sessions where they are.
      if (after.filter.id === undefined) deps.push(...(ruleCreatesByNewFilter.get(after.filter.key) ?? []));
      actionsFor(hints.numberFreedBy.get(action.key));
      actionsFor(hints.sourceFreedBy.get(action.key));
      if (action.action === 'create') deps.push(...(sessionDeletesByEni.get(after.networkInterfaceId) ?? []));
    }
    if (after?.kind === 'target' && after.networkInterfaceId !== undefined) {
      // An ENI cannot be a source and a target at once: its own sessions go first.
      deps.push(...(sessionDeletesByEni.get(after.networkInterfaceId) ?? []));
    }
    const before = asSession(action.before);
    if (before !== undefined) {
      // The executor deletes a replaced resource after the replace's dependents: a session that stops using
      // it (deleted, or moved elsewhere) must be one of them, unless the replacement itself waits for this
      // session (a target moving onto this session's ENI).
      for (const id of [before.target.id, before.filter.id]) {
        const replace = id === undefined ? undefined : replacedIds.get(id);
        if (replace === undefined) continue;
        const target = replace.after?.kind === 'target' ? replace.after : undefined;
        if (target?.networkInterfaceId !== before.networkInterfaceId) deps.push(replace.id);
      }
    }
    if ((action.type === 'target' || action.type === 'filter') && action.action === 'delete' && action.resourceId !== undefined) {
      deps.push(...(sessionsUsing.get(action.resourceId) ?? []));
    }
    if (deps.length === 0) return action;
    const dependsOn = [...new Set(deps)].filter((id) => id !== action.id).sort(compareStrings);
    return { ...action, dependsOn };
  });
}
