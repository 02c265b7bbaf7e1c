/**
 * The pure planner: policy + observed account → plan. No I/O and no clock, and every collection is sorted,
 * so the same inputs give the same plan byte for byte, whatever order discovery returned things in.
 */
import { summarise } from './summary.js';
import { estimateCost } from '../cost.js';
import type { ObservedAccount } from '../types/observed.js';
import type { Plan, PlanAction, PlanWarning, ResourceType, SkippedInterface } from '../types/plan.js';
import type { Policy } from '../types/policy.js';
import { planContext, type PlanContext } from './context.js';
import { entryAppliesTo } from './eligibility.js';
import { emptyEntrySessions, emptyEntryWarnings, findEmptyEntries, holdEmptyEntrySessions, withFormerKeys } from './empty-entries.js';
import { loadBalancerChecks } from './load-balancer-checks.js';
import { indexRegion, type RegionIndex } from './observed-index.js';
import { planDestroyRegion } from './plan-destroy.js';
import { planRegion, type RegionPlan } from './plan-region.js';
import { resolveTargets, type ResolvedTarget } from './resolve-targets.js';
import { compareStrings, plural } from './util.js';
import { MANAGED_BY_TAG, MANAGED_BY_VALUE, POLICY_TAG } from '../ownership.js';
import { regionScope, type RunScope, type ScopeInputs } from '../scope/index.js';
import { strayRegionWarnings } from './stray-regions.js';
import { managedLoopGuard } from './managed/sensors.js';

export interface PlanOptions {
  readonly mode?: 'converge' | 'destroy';
  /**
   * A subset of the policy's regions (`--region`); default all of them. A destroy may also name regions the
   * policy no longer lists: what the policy owns there still bills.
   */
  readonly regions?: readonly string[];
  /** What the run may change (see src/core/scope); default the planned regions. It never widens them. */
  readonly scope?: RunScope;
  /**
   * Delete the sessions of a vpcs entry that matches nothing (no VPC, or no target, in what the run observed)
   * as any other unwanted session; by default they are kept as they are, with a warning (empty-entries.ts).
   */
  readonly allowEmptyEntries?: boolean;
  /**
   * Remove the other tool's markers (Vectra's Creator=Vectra:Tap, the policy's adopt.sessions.tags) from what
   * is adopted, and from what this policy adopted before; by default they are kept, so a rollback still works.
   */
  readonly cleanupLegacyTags?: boolean;
}

/** The order a reader follows a managed load balancer's chain in: balancer, group, listener, sensors, target. */
const TYPE_ORDER: Readonly<Record<ResourceType, number>> = {
  'load-balancer': 0,
  'target-group': 1,
  listener: 2,
  'target-registration': 3,
  target: 4,
  filter: 5,
  'filter-rule': 6,
  session: 7,
};

const byActionOrder = (a: PlanAction, b: PlanAction): number =>
  compareStrings(a.region, b.region) ||
  TYPE_ORDER[a.type] - TYPE_ORDER[b.type] ||
  compareStrings(a.key, b.key) ||
  compareStrings(a.id, b.id);

const bySkipOrder = (a: SkippedInterface, b: SkippedInterface): number =>
  compareStrings(a.region, b.region) ||
  compareStrings(a.networkInterfaceId, b.networkInterfaceId) ||
  compareStrings(a.reason, b.reason) ||
  compareStrings(a.detail, b.detail);

const byWarningOrder = (a: PlanWarning, b: PlanWarning): number =>
  compareStrings(a.region ?? '', b.region ?? '') || compareStrings(a.code, b.code) || compareStrings(a.message, b.message);

function policyWarnings(ctx: PlanContext, indexes: readonly RegionIndex[]): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const regions = indexes.map((index) => index.region);
  const entries = ctx.policy.vpcs.filter((entry) => regions.some((region) => entryAppliesTo(entry, region)));
  for (const name of [...new Set(entries.map((entry) => entry.filter))].sort(compareStrings)) {
    const filter = ctx.policy.filters[name];
    if (filter === undefined) continue;
    if (filter.ingress.length === 0 && filter.egress.length === 0) {
      const dns = filter.networkServices.length > 0 ? ' except the network services' : '';
      warnings.push({ code: 'filter-without-rules', message: `filter ${name} has no rules: AWS mirrors no traffic${dns} through it` });
    } else if (filter.egress.length === 0) {
      const message = `filter ${name} has no egress rules: outbound traffic is not mirrored`;
      warnings.push({ code: 'filter-without-egress-rules', message });
    } else if (filter.ingress.length === 0) {
      const message = `filter ${name} has no ingress rules: inbound traffic is not mirrored`;
      warnings.push({ code: 'filter-without-ingress-rules', message });
    }
  }
  for (const entry of entries) {
    if (entry.selector.kind !== 'id') continue;
    const vpcId = entry.selector.vpcId;
    if (indexes.some((index) => entryAppliesTo(entry, index.region) && index.vpcById.has(vpcId))) continue;
    warnings.push({
      code: 'vpc-not-found',
      message: `vpcs entry ${entry.key}: VPC ${vpcId} was not found in ${regions.join(', ')}`,
    });
  }
  return warnings;
}

/**
 * Sessions of another mirrorctl policy are foreign and left alone, but the usual cause is a renamed policy:
 * then every interface would be mirrored twice (and billed twice) without a word, so say it.
 */
function otherPolicyWarnings(policy: Policy, indexes: readonly RegionIndex[]): PlanWarning[] {
  return indexes.flatMap((index) => {
    const sessionsByPolicy = new Map<string, number>();
    for (const session of index.sessions) {
      const owner = session.tags[POLICY_TAG];
      if (session.tags[MANAGED_BY_TAG] !== MANAGED_BY_VALUE || owner === undefined || owner === policy.name) continue;
      sessionsByPolicy.set(owner, (sessionsByPolicy.get(owner) ?? 0) + 1);
    }
    return [...sessionsByPolicy].sort(([a], [b]) => compareStrings(a, b)).map(([owner, count]) => ({
      code: 'other-mirrorctl-policy',
      region: index.region,
      message:
        `${plural(count, 'mirror session')} in ${index.region} ${count === 1 ? 'belongs' : 'belong'} to the mirrorctl policy "${owner}", which this plan leaves alone; ` +
        `if this policy was renamed from "${owner}", run mirrorctl destroy with the old policy first, or interfaces are mirrored twice`,
    }));
  });
}

function planRegions(policy: Policy, options: PlanOptions): string[] {
  const requested = options.regions ?? policy.regions;
  const scope = options.scope;
  return [...new Set(requested)]
    .filter((region) => options.mode === 'destroy' || policy.regions.includes(region))
    .filter((region) => scope?.kind !== 'regions' || scope.regions.includes(region))
    .filter((region) => scope?.kind !== 'interfaces' || scope.region === region)
    .sort(compareStrings);
}

export function planChanges(policy: Policy, observed: ObservedAccount, options: PlanOptions = {}): Plan {
  const mode = options.mode ?? 'converge';
  const regions = planRegions(policy, options);
  const scope: ScopeInputs = {
    policyName: policy.name,
    accountId: observed.accountId,
    scope: options.scope ?? { kind: 'regions', regions },
    ...(policy.adopt === undefined ? {} : { adopt: policy.adopt }),
  };
  const indexes = new Map<string, RegionIndex>();
  for (const region of [...observed.regions].sort((a, b) => compareStrings(a.region, b.region))) {
    if (!indexes.has(region.region)) indexes.set(region.region, indexRegion(region, regionScope(scope, region.region)));
  }
  const warnings: PlanWarning[] = [];
  const planned: RegionIndex[] = [];
  for (const region of regions) {
    const index = indexes.get(region);
    if (index !== undefined) planned.push(index);
    else warnings.push({ code: 'region-not-discovered', region, message: `${region} was not discovered; nothing is planned there` });
  }
  const resolution = resolveTargets(policy, [...indexes.values()]);
  const checks = loadBalancerChecks(policy, resolution.byName, planned);
  const sensors = mergeSensors(
    mergeSensors(checks.sensors, managedLoopGuard(managedTargets(policy, resolution.byName), [...indexes.values()])),
    poolSensors(resolution.byName),
  );
  const allowEmptyEntries = options.allowEmptyEntries === true;
  const empty =
    mode === 'converge' ? withFormerKeys(policy, findEmptyEntries(policy, [...indexes.values()], resolution.byName), planned) : new Map();
  const ctx = planContext(policy, resolution.byName, sensors, allowEmptyEntries ? empty : new Map(), options.cleanupLegacyTags === true);
  if (mode === 'converge') {
    warnings.push(...resolution.warnings, ...checks.warnings, ...policyWarnings(ctx, planned), ...otherPolicyWarnings(policy, planned));
    warnings.push(...strayRegionWarnings(policy, [...indexes.values()]));
    warnings.push(...emptyEntryWarnings(policy, empty, emptyEntrySessions(planned, empty), allowEmptyEntries));
  }
  const regionsToPlan = allowEmptyEntries ? planned : planned.map((index) => holdEmptyEntrySessions(index, empty));

  const results: { index: RegionIndex; plan: RegionPlan }[] = regionsToPlan.map((index) => ({
    index,
    plan: mode === 'destroy' ? planDestroyRegion(ctx, index) : planRegion(ctx, index),
  }));
  const actions = results.flatMap((result) => result.plan.actions).sort(byActionOrder);
  const skipped = results.flatMap((result) => result.plan.skipped).sort(bySkipOrder);
  warnings.push(...results.flatMap((result) => result.plan.warnings));

  const delta = (index: RegionIndex, type: ResourceType, kind: 'create' | 'delete'): number =>
    actions.filter((action) => action.region === index.region && action.type === type && action.action === kind).length;
  const cost = estimateCost(
    planned.map((index) => {
      const loadBalancersBefore = [...index.ownedLoadBalancers.byKey.values()].flat().length + index.ownedLoadBalancers.strays.length;
      const loadBalancersAfter = loadBalancersBefore + delta(index, 'load-balancer', 'create') - delta(index, 'load-balancer', 'delete');
      return {
        region: index.region,
        sessionsBefore: index.sessions.length,
        sessionsAfter: index.sessions.length + delta(index, 'session', 'create') - delta(index, 'session', 'delete'),
        ...(loadBalancersBefore + loadBalancersAfter === 0 ? {} : { loadBalancersBefore, loadBalancersAfter }),
      };
    }),
    policy.sessionHourlyRates,
    crossZoneTargets(policy, resolution.byName, planned),
  );
  return {
    formatVersion: 1,
    policyName: policy.name,
    mode,
    regions: planned.map((index) => index.region),
    summary: summarise(actions),
    actions,
    skipped: dedupeSkipped(skipped),
    warnings: warnings.sort(byWarningOrder),
    cost,
  };
}

function managedTargets(policy: Policy, resolved: ReadonlyMap<string, { readonly region?: string }>) {
  return Object.values(policy.targets).flatMap((target) =>
    target.spec.kind === 'managed-load-balancer' ? [{ name: target.name, spec: target.spec, region: resolved.get(target.name)?.region }] : [],
  );
}

/** Managed targets in the planned regions with cross-zone load balancing on: the cost estimate names them. */
function crossZoneTargets(policy: Policy, resolved: ReadonlyMap<string, { readonly region?: string }>, planned: readonly RegionIndex[]): string[] {
  const regions = new Set(planned.map((index) => index.region));
  return managedTargets(policy, resolved)
    .filter((target) => target.spec.crossZone && target.region !== undefined && regions.has(target.region))
    .map((target) => target.name)
    .sort(compareStrings);
}

/** A pool member's instance is a sensor: none of its interfaces may be a source. */
function poolSensors(resolved: ReadonlyMap<string, ResolvedTarget>): Map<string, Map<string, string>> {
  const sensors = new Map<string, Map<string, string>>();
  for (const target of resolved.values()) {
    if (target.region === undefined) continue;
    const regionSensors = sensors.get(target.region) ?? new Map<string, string>();
    for (const member of target.members ?? []) {
      if (member.instanceId === undefined || regionSensors.has(member.instanceId)) continue;
      regionSensors.set(member.instanceId, `instance ${member.instanceId} is a sensor of pool ${target.name} (mirroring it would loop)`);
    }
    sensors.set(target.region, regionSensors);
  }
  return sensors;
}

function mergeSensors(
  first: ReadonlyMap<string, ReadonlyMap<string, string>>,
  second: ReadonlyMap<string, ReadonlyMap<string, string>>,
): Map<string, Map<string, string>> {
  const merged = new Map<string, Map<string, string>>();
  for (const source of [first, second]) {
    for (const [region, instances] of source) {
      const into = merged.get(region) ?? new Map<string, string>();
      for (const [instanceId, why] of instances) if (!into.has(instanceId)) into.set(instanceId, why);
      merged.set(region, into);
    }
  }
  return merged;
}

function dedupeSkipped(sorted: readonly SkippedInterface[]): SkippedInterface[] {
  return sorted.filter((item, position) => {
    const previous = sorted[position - 1];
    return (
      previous === undefined ||
      previous.region !== item.region ||
      previous.networkInterfaceId !== item.networkInterfaceId ||
      previous.reason !== item.reason ||
      previous.detail !== item.detail
    );
  });
}
