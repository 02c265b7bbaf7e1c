/**
 * One region's run for the items of an invocation: scoped to what they name, or the full reconcile when one
 * asks for it (which covers the others too). Fail closed: a failed read changes nothing.
 */
import { applyPlan, type ApplyResult, type RegionPacers } from '../../aws/apply/index.js';
import { discover } from '../../aws/discover/index.js';
import type { ReadCache } from '../../aws/discover/read-cache.js';
import { discoverScope, type ScopedDiscovery } from '../../aws/discover/scoped.js';
import { POLICY_TAG } from '../../core/ownership.js';
import { planChanges } from '../../core/planner/index.js';
import type { RunScope } from '../../core/scope/index.js';
import type { ObservedAccount } from '../../core/types/observed.js';
import type { Plan, PlanAction } from '../../core/types/plan.js';
import type { Policy } from '../../core/types/policy.js';
import type { HealItem, Trigger } from '../../events/index.js';
import type { Account } from '../account.js';
import { loadBalancerArnsOf } from '../plan.js';
import { withCallLog } from './call-log.js';
import { awsErrorOf } from './failure-class.js';
import type { ItemVerdict } from './healer.js';
import type { HealHost } from './messages.js';
import { actionMessage, actionResults, sessionInterface, type ActionResult } from './outcomes.js';

export interface DecidedItem {
  readonly item: HealItem;
  readonly trigger: Trigger;
}

export interface RunSettings {
  readonly account: Account;
  readonly policy: Policy;
  readonly accountId: string;
  readonly cache: ReadCache;
  readonly pacers: RegionPacers;
  readonly clock: { readonly now: () => number; readonly sleep: (ms: number) => Promise<void> };
  readonly wallClock: () => number;
  readonly visibilityWindowMs: number;
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly abandon?: AbortSignal;
}

const eventIdOf = (item: HealItem): string => (item.event.ok ? item.event.event.id : item.id);
const eventTimeOf = (item: HealItem): number | undefined => {
  const time = item.event.ok ? item.event.event.time : undefined;
  const parsed = time === undefined ? Number.NaN : Date.parse(time);
  return Number.isNaN(parsed) ? undefined : parsed;
};

export async function healRegion(settings: RunSettings, region: string, group: readonly DecidedItem[], host: HealHost): Promise<ItemVerdict[]> {
  return group.some((entry) => entry.trigger.kind === 'reconcile')
    ? fullRun(settings, region, group, host)
    : scopedRun(settings, region, group, host);
}

function readFailed(region: string, run: 'scoped' | 'full', group: readonly DecidedItem[], error: unknown, host: HealHost): ItemVerdict[] {
  const aws = awsErrorOf(error);
  // A read that failed without an AWS answer (a network error, a broken page) may well work next time.
  const retryable = aws?.retryable ?? true;
  const message = error instanceof Error ? error.message : String(error);
  host.emit({
    type: 'read-failed',
    region,
    run,
    events: group.map((entry) => eventIdOf(entry.item)),
    ...(aws === undefined ? {} : { code: aws.code }),
    message,
    retryable,
  });
  const reason = `reading ${region} failed${aws === undefined ? '' : ` (${aws.code})`}: nothing was changed`;
  return group.map((entry) => ({ item: entry.item.id, verdict: retryable ? 'retry' : 'failed', reason }));
}

interface Applied {
  readonly plan: Plan;
  readonly results: readonly ActionResult[];
  readonly requestIds: ReadonlyMap<string, string>;
}

async function apply(settings: RunSettings, plan: Plan, observed: ObservedAccount, scope: RunScope, host: HealHost): Promise<Applied> {
  const requestIds = new Map<string, string>();
  const writers = withCallLog(settings.account.writers, (call) => {
    // The executor's own Describes (conflict re-reads) are reads, not actions.
    if (call.operation.startsWith('Describe')) return;
    host.emit({ type: 'aws-call', ...call });
    if (call.requestId === undefined) return;
    for (const id of [call.resourceId, call.networkInterfaceId]) if (id !== undefined) requestIds.set(id, call.requestId);
  });
  const result: ApplyResult =
    plan.actions.length === 0
      ? { outcomes: [], counts: { added: 0, changed: 0, destroyed: 0, failed: 0, skipped: 0, notStarted: 0 }, apiCalls: 0, throttles: 0, retries: 0, durationMs: 0, interrupted: false }
      : await applyPlan(plan, writers, {
          ownership: {
            observed,
            policyName: settings.policy.name,
            accountId: settings.accountId,
            scope,
            // The same takeovers the policy allows a CLI apply: the healer adopts, it never deletes another tool's.
            ...(settings.policy.adopt === undefined ? {} : { adopt: settings.policy.adopt }),
          },
          pacers: settings.pacers,
          now: settings.clock.now,
          sleep: settings.clock.sleep,
          ...(settings.concurrency === undefined ? {} : { concurrency: settings.concurrency }),
          ...(settings.signal === undefined ? {} : { signal: settings.signal }),
          ...(settings.abandon === undefined ? {} : { abandon: settings.abandon }),
        });
  return { plan, results: actionResults(plan, result), requestIds };
}

function reportActions(
  region: string,
  applied: Applied,
  host: HealHost,
  eventsFor: (action: PlanAction) => readonly HealItem[],
  wallClock: () => number,
): void {
  for (const result of applied.results) {
    host.emit(
      actionMessage(region, result, {
        events: (action) => eventsFor(action).map(eventIdOf),
        requestId: (action, resourceId) =>
          (resourceId === undefined ? undefined : applied.requestIds.get(resourceId)) ??
          applied.requestIds.get(sessionInterface(action) ?? ''),
        latency: (action) => {
          const times = eventsFor(action).flatMap((item) => {
            const time = eventTimeOf(item);
            return time === undefined ? [] : [time];
          });
          return times.length === 0 ? undefined : Math.max(0, wallClock() - Math.min(...times));
        },
      }),
    );
  }
}

/** The verdict from the results that concern an item: any retryable failure retries it. */
function verdictOf(item: HealItem, results: readonly ActionResult[]): ItemVerdict {
  const unsuccessful = results.filter((result) => result.outcome.status !== 'done');
  const retry = unsuccessful.filter((result) => result.retryable);
  if (retry.length > 0) {
    return { item: item.id, verdict: 'retry', reason: `${retry.length} action(s) may succeed on a later run: ${codesOf(retry)}` };
  }
  if (unsuccessful.length > 0) {
    return { item: item.id, verdict: 'failed', reason: `${unsuccessful.length} action(s) failed for good: ${codesOf(unsuccessful)}` };
  }
  const changed = results.length;
  return { item: item.id, verdict: 'healed', reason: changed === 0 ? 'nothing to change' : `${changed} action(s) done` };
}

function codesOf(results: readonly ActionResult[]): string {
  const codes = new Set(results.map((result) => result.outcome.error?.code ?? result.outcome.status));
  return [...codes].sort().join(', ');
}

async function fullRun(settings: RunSettings, region: string, group: readonly DecidedItem[], host: HealHost): Promise<ItemVerdict[]> {
  const started = settings.clock.now();
  let observed: ObservedAccount;
  try {
    observed = await discover(settings.account.readers, {
      regions: [region],
      loadBalancerArns: loadBalancerArnsOf(settings.policy),
      policy: settings.policy,
      accountId: settings.accountId,
    });
  } catch (error) {
    return readFailed(region, 'full', group, error, host);
  }
  // A full read refreshes what scoped runs may reuse.
  for (const loadBalancer of observed.regions.flatMap((item) => item.loadBalancers ?? [])) settings.cache.rememberLoadBalancer(loadBalancer);
  const plan = planChanges(settings.policy, observed, { regions: [region] });
  const events = group.map((entry) => eventIdOf(entry.item));
  host.emit({ type: 'discovered', region, run: 'full', events, actions: plan.actions.length, durationMs: Math.round(settings.clock.now() - started) });
  const applied = await apply(settings, plan, observed, { kind: 'regions', regions: [region] }, host);
  const items = group.map((entry) => entry.item);
  reportActions(region, applied, host, () => items, settings.wallClock);
  // What was read is what there is now only if the run changed no filter.
  const filtersChanged = applied.results.some((result) => result.action.type === 'filter' || result.action.type === 'filter-rule');
  const filters = observed.regions.find((item) => item.region === region)?.filters ?? [];
  if (filtersChanged) settings.cache.forgetOwnedFilters(region);
  else settings.cache.rememberOwnedFilters(region, filters.filter((filter) => filter.tags[POLICY_TAG] === settings.policy.name));
  return items.map((item) => verdictOf(item, applied.results));
}

function emptyPlanFor(policyName: string, region: string): Plan {
  return {
    formatVersion: 1,
    policyName,
    mode: 'converge',
    regions: [region],
    summary: { create: 0, update: 0, delete: 0 },
    actions: [],
    skipped: [],
    warnings: [],
    cost: { currency: 'USD', hoursPerMonth: 730, monthlyBefore: 0, monthlyAfter: 0, monthlyDelta: 0, byRegion: [], rateSource: '' },
  };
}

/**
 * A scoped plan creates every missing target of the policy's in the region, as a full plan does; a scoped run
 * creates only those its sessions use (with a filter, its rules), so an event never fails on a target it
 * does not need.
 */
function onlyWhatSessionsNeed(plan: Plan): Plan {
  const needed = new Set(plan.actions.filter((action) => action.type === 'session').flatMap((action) => action.dependsOn));
  const kept = plan.actions.filter(
    (action) =>
      action.type === 'session' ||
      needed.has(action.id) ||
      (action.type === 'filter-rule' && action.dependsOn.some((dependency) => needed.has(dependency))),
  );
  return kept.length === plan.actions.length ? plan : { ...plan, actions: kept };
}

/** Which in-scope interfaces an item is about. */
function interfacesOf(trigger: Trigger, discovery: ScopedDiscovery): Set<string> {
  if (trigger.kind !== 'scope') return new Set(discovery.interfaceIds);
  const inScope = new Set(discovery.interfaceIds);
  return new Set([
    ...trigger.instanceIds.flatMap((id) => discovery.interfacesOfInstance.get(id) ?? []),
    ...trigger.interfaceIds.filter((id) => inScope.has(id)),
    ...trigger.sessionIds.flatMap((id) => {
      const eni = discovery.interfaceOfSession.get(id);
      return eni !== undefined && inScope.has(eni) ? [eni] : [];
    }),
    ...(trigger.detached ? discovery.detachedInterfaceIds : []),
  ]);
}

/**
 * What the item names that reads did not show. Right after a launch or an attach, EC2 may not list it yet:
 * retried while the event is recent; after that it is taken as gone (terminated, deleted).
 */
function notVisibleYet(settings: RunSettings, entry: DecidedItem, discovery: ScopedDiscovery): string[] {
  const { trigger, item } = entry;
  if (trigger.kind !== 'scope') return [];
  const time = eventTimeOf(item);
  if (time === undefined || settings.wallClock() - time >= settings.visibilityWindowMs) return [];
  return [
    // A terminated instance is expected to be on its way out of the listings.
    ...(trigger.detached ? [] : trigger.instanceIds.filter((id) => !discovery.found.instances.has(id))),
    ...trigger.interfaceIds.filter((id) => !discovery.found.interfaces.has(id)),
  ];
}

async function scopedRun(settings: RunSettings, region: string, group: readonly DecidedItem[], host: HealHost): Promise<ItemVerdict[]> {
  const started = settings.clock.now();
  const scopes = group.flatMap((entry) => (entry.trigger.kind === 'scope' ? [entry.trigger] : []));
  let discovery: ScopedDiscovery;
  try {
    discovery = await discoverScope(settings.account.readers, {
      region,
      policy: settings.policy,
      accountId: settings.accountId,
      instanceIds: [...new Set(scopes.flatMap((scope) => scope.instanceIds))],
      interfaceIds: [...new Set(scopes.flatMap((scope) => scope.interfaceIds))],
      sessionIds: [...new Set(scopes.flatMap((scope) => scope.sessionIds))],
      detached: scopes.some((scope) => scope.detached),
      cache: settings.cache,
    });
  } catch (error) {
    return readFailed(region, 'scoped', group, error, host);
  }
  const scope: RunScope = { kind: 'interfaces', region, interfaceIds: discovery.interfaceIds };
  // Nothing found to be about: nothing to plan, not even a missing target.
  const plan = onlyWhatSessionsNeed(
    discovery.interfaceIds.length === 0 ? emptyPlanFor(settings.policy.name, region) : planChanges(settings.policy, discovery.observed, { regions: [region], scope }),
  );
  const itemsOf = new Map(group.map((entry) => [entry.item.id, interfacesOf(entry.trigger, discovery)]));
  const itemsAbout = (eni: string | undefined): HealItem[] =>
    group.filter((entry) => eni === undefined || itemsOf.get(entry.item.id)?.has(eni)).map((entry) => entry.item);
  host.emit({
    type: 'discovered',
    region,
    run: 'scoped',
    events: group.map((entry) => eventIdOf(entry.item)),
    interfaceIds: discovery.interfaceIds,
    actions: plan.actions.length,
    durationMs: Math.round(settings.clock.now() - started),
  });
  for (const skipped of plan.skipped) {
    host.emit({
      type: 'skipped-interface',
      region,
      events: itemsAbout(skipped.networkInterfaceId).map(eventIdOf),
      ...(skipped.instanceId === undefined ? {} : { instanceId: skipped.instanceId }),
      networkInterfaceId: skipped.networkInterfaceId,
      reason: skipped.reason,
      detail: skipped.detail,
    });
  }
  const applied = await apply(settings, plan, discovery.observed, scope, host);
  reportActions(region, applied, host, (action) => itemsAbout(sessionInterface(action)), settings.wallClock);
  // Filters made or missed by this run: the next one reads them afresh.
  if (applied.results.some((result) => result.outcome.status !== 'done' || result.action.type !== 'session')) {
    settings.cache.forgetOwnedFilters(region);
  }
  return group.map((entry) => {
    const missing = notVisibleYet(settings, entry, discovery);
    if (missing.length > 0) {
      return { item: entry.item.id, verdict: 'retry' as const, reason: `${missing.join(', ')} not visible yet (eventual consistency)` };
    }
    const mine = itemsOf.get(entry.item.id) ?? new Set<string>();
    // Shared creates (target, filter, rules) concern the item through the sessions that depend on them.
    return verdictOf(entry.item, applied.results.filter((result) => mine.has(sessionInterface(result.action) ?? '')));
  });
}
