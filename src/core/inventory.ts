/**
 * `mirrorctl list`: what a policy owns, region by region, with what its sessions and managed load balancers
 * cost a month — and, marked apart, what other mirrorctl policies own there. Pure: it classifies what was read
 * with the scope module, the same answer plan and apply act on, so `list` never shows as ours what apply would
 * refuse to touch.
 */
import { estimateCost } from './cost.js';
import {
  describeLoadBalancer,
  describeTargetGroup,
  loadBalancerFacts,
  targetGroupFacts,
  unusedLoadBalancerNotice,
  type LoadBalancerFacts,
  type TargetGroupFacts,
} from './inventory-load-balancing.js';
import { KEY_TAG, POLICY_TAG } from './ownership.js';
import { compareStrings } from './planner/util.js';
import {
  classify,
  filterResource,
  loadBalancerResource,
  sessionResource,
  targetGroupResource,
  targetResource,
  type ScopeInputs,
} from './scope/index.js';
import type { CostEstimate, PlanAccount } from './types/plan.js';
import type { ObservedFilter, ObservedRegion, ObservedSession, ObservedTarget } from './types/observed.js';

export type { LoadBalancerFacts, TargetGroupFacts } from './inventory-load-balancing.js';

export interface InventoryResource {
  readonly type: 'load-balancer' | 'target-group' | 'target' | 'filter' | 'session';
  /** An ELBv2 resource's ARN. */
  readonly id: string;
  /** The `mirrorctl:key` tag: the resource's place in the policy. */
  readonly key: string;
  /** An ELBv2 resource's name: unique in its account and region, and shorter than its ARN. */
  readonly name?: string;
  /** What a reader needs to recognise it: the interface and number of a session, the destination of a target. */
  readonly detail: string;
  readonly loadBalancer?: LoadBalancerFacts;
  readonly targetGroup?: TargetGroupFacts;
  /** What the reader should act on: an owned load balancer that no mirror target uses. */
  readonly notice?: string;
}

export interface PolicyHoldings {
  readonly policyName: string;
  readonly resources: readonly InventoryResource[];
  readonly sessions: number;
  /** Managed Network Load Balancers: they bill by the hour too. */
  readonly loadBalancers: number;
}

export interface RegionInventory {
  readonly region: string;
  /** False for a region the policy no longer lists: what it owns there still bills. */
  readonly listed: boolean;
  readonly owned: PolicyHoldings;
  /** Sorted by policy name. */
  readonly otherPolicies: readonly PolicyHoldings[];
  /** Why the managed load balancers and target groups here were not read, when they were not: they are left out. */
  readonly loadBalancersNotRead?: string;
}

export interface Inventory {
  readonly policyName: string;
  readonly account?: PlanAccount;
  readonly regions: readonly RegionInventory[];
  /** Of the sessions and managed load balancers this policy owns. */
  readonly cost: CostEstimate;
  /** Of the sessions and managed load balancers other mirrorctl policies own in these regions. */
  readonly otherPoliciesCost: CostEstimate;
}

export interface InventoryInput {
  readonly policyName: string;
  readonly accountId?: string | undefined;
  readonly account?: PlanAccount;
  /** The regions the policy lists; the others in `observed` are where it left something behind. */
  readonly listedRegions: readonly string[];
  /** With `managedLoadBalancers` and `managedTargetGroups` where ELBv2 was read. */
  readonly observed: readonly ObservedRegion[];
  readonly sessionHourlyRates: Readonly<Record<string, number>>;
  /** The names of the policy's managed load balancer targets: what an unused load balancer's advice depends on. */
  readonly managedTargets: readonly string[];
  /** Why ELBv2 could not be read in a region, by region. */
  readonly loadBalancersNotRead?: Readonly<Record<string, string>>;
}

const describeSession = (session: ObservedSession): string =>
  `${session.networkInterfaceId} #${session.sessionNumber} → ${session.targetId} via ${session.filterId}`;

function describeTarget(target: ObservedTarget): string {
  return target.networkLoadBalancerArn ?? target.networkInterfaceId ?? target.gatewayLoadBalancerEndpointId ?? target.type;
}

const describeFilter = (filter: ObservedFilter): string => `${filter.rules.length} rule${filter.rules.length === 1 ? '' : 's'}`;

interface RegionContext {
  readonly listed: boolean;
  readonly managedTargets: ReadonlySet<string>;
}

interface Classified {
  readonly resource: InventoryResource;
  readonly policy: string;
  readonly standing: ReturnType<typeof classify>;
}

function classifyRegion(inputs: ScopeInputs, region: ObservedRegion, context: RegionContext): Classified[] {
  const entry = (type: InventoryResource['type'], item: { id: string; tags: Readonly<Record<string, string>> }, detail: string) => ({
    type,
    id: item.id,
    key: item.tags[KEY_TAG] ?? '',
    detail,
  });
  return [
    ...classifyLoadBalancing(inputs, region, context),
    ...region.sessions.map((item) => ({
      resource: entry('session', item, describeSession(item)),
      policy: item.tags[POLICY_TAG] ?? '',
      standing: classify(inputs, sessionResource(region.region, item)),
    })),
    ...region.targets.map((item) => ({
      resource: entry('target', item, describeTarget(item)),
      policy: item.tags[POLICY_TAG] ?? '',
      standing: classify(inputs, targetResource(region.region, item)),
    })),
    ...region.filters.map((item) => ({
      resource: entry('filter', item, describeFilter(item)),
      policy: item.tags[POLICY_TAG] ?? '',
      standing: classify(inputs, filterResource(region.region, item)),
    })),
  ];
}

/**
 * The load balancers and target groups of managed targets. Only this policy's own were read in detail
 * (listeners, registrations): another policy's are shown as found. An owned load balancer is unused when no
 * mirror target this policy owns points at it.
 */
function classifyLoadBalancing(
  inputs: ScopeInputs,
  region: ObservedRegion,
  context: RegionContext,
): Classified[] {
  const groups = region.managedTargetGroups ?? [];
  const groupName = (arn: string) => groups.find((group) => group.arn === arn)?.name;
  const usedLoadBalancers = new Set(
    region.targets
      .filter((target) => classify(inputs, targetResource(region.region, target)) === 'owned')
      .flatMap((target) => (target.networkLoadBalancerArn === undefined ? [] : [target.networkLoadBalancerArn])),
  );
  const lbContext = { region: region.region, listed: context.listed, managedTargets: context.managedTargets, groupName };
  const elbv2 = (item: { arn: string; name: string; tags: Readonly<Record<string, string>> }) => ({
    id: item.arn,
    key: item.tags[KEY_TAG] ?? '',
    name: item.name,
  });
  return [
    ...(region.managedLoadBalancers ?? []).map((lb): Classified => {
      const standing = classify(inputs, loadBalancerResource(region.region, lb));
      const detailed = standing === 'owned';
      const unused = detailed && !usedLoadBalancers.has(lb.arn);
      return {
        resource: {
          type: 'load-balancer',
          ...elbv2(lb),
          detail: describeLoadBalancer(lb, detailed, groupName),
          loadBalancer: loadBalancerFacts(lb, detailed),
          ...(unused ? { notice: unusedLoadBalancerNotice(lb, lbContext) } : {}),
        },
        policy: lb.tags[POLICY_TAG] ?? '',
        standing,
      };
    }),
    ...groups.map((group): Classified => {
      const standing = classify(inputs, targetGroupResource(region.region, group));
      const detailed = standing === 'owned';
      return {
        resource: { type: 'target-group', ...elbv2(group), detail: describeTargetGroup(group, detailed), targetGroup: targetGroupFacts(group, detailed) },
        policy: group.tags[POLICY_TAG] ?? '',
        standing,
      };
    }),
  ];
}

// A managed target's chain, in the order apply builds it: load balancer, target group, mirror target.
const TYPE_ORDER: Readonly<Record<InventoryResource['type'], number>> = { 'load-balancer': 0, 'target-group': 1, target: 2, filter: 3, session: 4 };

function holdings(policyName: string, items: readonly Classified[]): PolicyHoldings {
  const resources = items
    .map((item) => item.resource)
    .sort((a, b) => TYPE_ORDER[a.type] - TYPE_ORDER[b.type] || compareStrings(a.key, b.key) || compareStrings(a.id, b.id));
  const count = (type: InventoryResource['type']) => resources.filter((resource) => resource.type === type).length;
  return { policyName, resources, sessions: count('session'), loadBalancers: count('load-balancer') };
}

export function buildInventory(input: InventoryInput): Inventory {
  const inputs: ScopeInputs = { policyName: input.policyName, accountId: input.accountId, scope: { kind: 'account' } };
  const managedTargets = new Set(input.managedTargets);
  const regions = [...input.observed]
    .sort((a, b) => compareStrings(a.region, b.region))
    .map((region): RegionInventory => {
      const listed = input.listedRegions.includes(region.region);
      const classified = classifyRegion(inputs, region, { listed, managedTargets });
      const notRead = input.loadBalancersNotRead?.[region.region];
      const byPolicy = new Map<string, Classified[]>();
      // Another account's resources (a RAM-shared target's view) and untagged ones are not any policy's here.
      for (const item of classified.filter((entry) => entry.standing === 'other-policy')) {
        byPolicy.set(item.policy, [...(byPolicy.get(item.policy) ?? []), item]);
      }
      return {
        region: region.region,
        listed,
        owned: holdings(input.policyName, classified.filter((item) => item.standing === 'owned')),
        otherPolicies: [...byPolicy.keys()].sort(compareStrings).map((name) => holdings(name, byPolicy.get(name) ?? [])),
        ...(notRead === undefined ? {} : { loadBalancersNotRead: notRead }),
      };
    });
  const others = (region: RegionInventory, count: (holding: PolicyHoldings) => number) =>
    region.otherPolicies.reduce((sum, other) => sum + count(other), 0);
  return {
    policyName: input.policyName,
    ...(input.account === undefined ? {} : { account: input.account }),
    regions,
    cost: ownedCost(regions, input.sessionHourlyRates),
    otherPoliciesCost: estimateCost(
      regions.map((region) => counts(region.region, others(region, (other) => other.sessions), others(region, (other) => other.loadBalancers))),
      input.sessionHourlyRates,
    ),
  };
}

/** As the plan counts them: load balancers only where there are some, so that their notes name those regions. */
const counts = (region: string, sessions: number, loadBalancers: number) => ({
  region,
  sessionsBefore: sessions,
  sessionsAfter: sessions,
  ...(loadBalancers === 0 ? {} : { loadBalancersBefore: loadBalancers, loadBalancersAfter: loadBalancers }),
});

/** The owned load balancers with cross-zone load balancing on are named, as the plan names their targets. */
function ownedCost(regions: readonly RegionInventory[], rates: Readonly<Record<string, number>>): CostEstimate {
  const crossZone = regions
    .flatMap((region) => region.owned.resources)
    .filter((resource) => resource.loadBalancer?.crossZone === true)
    .map((resource) => resource.name ?? resource.id)
    .sort(compareStrings);
  return estimateCost(
    regions.map((region) => counts(region.region, region.owned.sessions, region.owned.loadBalancers)),
    rates,
    crossZone,
  );
}
