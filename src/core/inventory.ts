/**
 * `mirrorctl list`: what a policy owns, region by region, with what its sessions cost a month — and, marked
 * apart, what other mirrorctl policies own there. Pure: it classifies what was read with the scope module, the
 * same answer plan and apply act on, so `list` never shows as ours what apply would refuse to touch.
 */
import { estimateCost } from './cost.js';
import { KEY_TAG, POLICY_TAG } from './ownership.js';
import { compareStrings } from './planner/util.js';
import { classify, filterResource, sessionResource, targetResource, type ScopeInputs } from './scope/index.js';
import type { CostEstimate, PlanAccount } from './types/plan.js';
import type { ObservedFilter, ObservedRegion, ObservedSession, ObservedTarget } from './types/observed.js';

export interface InventoryResource {
  readonly type: 'session' | 'target' | 'filter';
  readonly id: string;
  /** The `mirrorctl:key` tag: the resource's place in the policy. */
  readonly key: string;
  /** What a reader needs to recognise it: the interface and number of a session, the destination of a target. */
  readonly detail: string;
}

export interface PolicyHoldings {
  readonly policyName: string;
  readonly resources: readonly InventoryResource[];
  readonly sessions: number;
}

export interface RegionInventory {
  readonly region: string;
  /** False for a region the policy no longer lists: what it owns there still bills. */
  readonly listed: boolean;
  readonly owned: PolicyHoldings;
  /** Sorted by policy name. */
  readonly otherPolicies: readonly PolicyHoldings[];
}

export interface Inventory {
  readonly policyName: string;
  readonly account?: PlanAccount;
  readonly regions: readonly RegionInventory[];
  /** Of the sessions this policy owns. */
  readonly cost: CostEstimate;
  /** Of the sessions other mirrorctl policies own in these regions. */
  readonly otherPoliciesCost: CostEstimate;
}

export interface InventoryInput {
  readonly policyName: string;
  readonly accountId?: string | undefined;
  readonly account?: PlanAccount;
  /** The regions the policy lists; the others in `observed` are where it left something behind. */
  readonly listedRegions: readonly string[];
  readonly observed: readonly ObservedRegion[];
  readonly sessionHourlyRates: Readonly<Record<string, number>>;
}

const describeSession = (session: ObservedSession): string =>
  `${session.networkInterfaceId} #${session.sessionNumber} → ${session.targetId} via ${session.filterId}`;

function describeTarget(target: ObservedTarget): string {
  return target.networkLoadBalancerArn ?? target.networkInterfaceId ?? target.gatewayLoadBalancerEndpointId ?? target.type;
}

const describeFilter = (filter: ObservedFilter): string => `${filter.rules.length} rule${filter.rules.length === 1 ? '' : 's'}`;

interface Classified {
  readonly resource: InventoryResource;
  readonly policy: string;
  readonly standing: ReturnType<typeof classify>;
}

function classifyRegion(inputs: ScopeInputs, region: ObservedRegion): Classified[] {
  const entry = (type: InventoryResource['type'], item: { id: string; tags: Readonly<Record<string, string>> }, detail: string) => ({
    type,
    id: item.id,
    key: item.tags[KEY_TAG] ?? '',
    detail,
  });
  return [
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

const TYPE_ORDER: Readonly<Record<InventoryResource['type'], number>> = { target: 0, filter: 1, session: 2 };

function holdings(policyName: string, items: readonly Classified[]): PolicyHoldings {
  const resources = items
    .map((item) => item.resource)
    .sort((a, b) => TYPE_ORDER[a.type] - TYPE_ORDER[b.type] || compareStrings(a.key, b.key) || compareStrings(a.id, b.id));
  return { policyName, resources, sessions: resources.filter((resource) => resource.type === 'session').length };
}

export function buildInventory(input: InventoryInput): Inventory {
  const inputs: ScopeInputs = { policyName: input.policyName, accountId: input.accountId, scope: { kind: 'account' } };
  const regions = [...input.observed]
    .sort((a, b) => compareStrings(a.region, b.region))
    .map((region): RegionInventory => {
      const classified = classifyRegion(inputs, region);
      const byPolicy = new Map<string, Classified[]>();
      // Another account's resources (a RAM-shared target's view) and untagged ones are not any policy's here.
      for (const item of classified.filter((entry) => entry.standing === 'other-policy')) {
        byPolicy.set(item.policy, [...(byPolicy.get(item.policy) ?? []), item]);
      }
      return {
        region: region.region,
        listed: input.listedRegions.includes(region.region),
        owned: holdings(input.policyName, classified.filter((item) => item.standing === 'owned')),
        otherPolicies: [...byPolicy.keys()].sort(compareStrings).map((name) => holdings(name, byPolicy.get(name) ?? [])),
      };
    });
  const costOf = (count: (region: RegionInventory) => number) =>
    estimateCost(
      regions.map((region) => ({ region: region.region, sessionsBefore: count(region), sessionsAfter: count(region) })),
      input.sessionHourlyRates,
    );
  return {
    policyName: input.policyName,
    ...(input.account === undefined ? {} : { account: input.account }),
    regions,
    cost: costOf((region) => region.owned.sessions),
    otherPoliciesCost: costOf((region) => region.otherPolicies.reduce((sum, other) => sum + other.sessions, 0)),
  };
}
