/**
 * Indexes over one observed region, built once so every later lookup is O(1): the planner must handle
 * 10,000 instances without scanning all interfaces per VPC or all sessions per interface.
 * Every list is sorted by id so the plan does not depend on the order discovery returned things in.
 */
import { KEY_TAG } from '../ownership.js';
import type { RegionScope } from '../scope/index.js';
import type {
  ObservedFilter,
  ObservedInstance,
  ObservedInstanceType,
  ObservedLoadBalancer,
  ObservedManagedLoadBalancer,
  ObservedManagedTargetGroup,
  ObservedNetworkInterface,
  ObservedRegion,
  ObservedSession,
  ObservedSubnet,
  ObservedTarget,
  ObservedVpc,
} from '../types/observed.js';
import { targetResourceKey } from './target-resource.js';
import { compareStrings, pushTo, sortedById } from './util.js';

/** Owned resources grouped by their `mirrorctl:key` tag; `strays` are owned but carry no usable key. */
export interface OwnedByKey<T> {
  readonly byKey: ReadonlyMap<string, readonly T[]>;
  readonly strays: readonly T[];
}

export interface RegionIndex {
  readonly region: string;
  /** What this run may use as its own, and change, in this region. */
  readonly scope: RegionScope;
  readonly vpcs: readonly ObservedVpc[];
  readonly vpcById: ReadonlyMap<string, ObservedVpc>;
  readonly instances: readonly ObservedInstance[];
  readonly instanceById: ReadonlyMap<string, ObservedInstance>;
  readonly interfacesByInstance: ReadonlyMap<string, readonly ObservedNetworkInterface[]>;
  readonly interfaceById: ReadonlyMap<string, ObservedNetworkInterface>;
  readonly typeFacts: ReadonlyMap<string, ObservedInstanceType>;
  readonly targetById: ReadonlyMap<string, ObservedTarget>;
  /** Every observed target by the resource it sends to (`targetResourceKey`), whoever owns it. */
  readonly targetsByResource: ReadonlyMap<string, readonly ObservedTarget[]>;
  readonly filterById: ReadonlyMap<string, ObservedFilter>;
  /** ENIs used as a mirror target by anyone: they can never be a source. */
  readonly targetInterfaceIds: ReadonlySet<string>;
  readonly sessions: readonly ObservedSession[];
  readonly sessionsByInterface: ReadonlyMap<string, readonly ObservedSession[]>;
  readonly sessionsByTarget: ReadonlyMap<string, readonly ObservedSession[]>;
  /** Ours to use (this policy's, this account's), whether or not the run's scope lets it change them. */
  readonly ownedTargets: OwnedByKey<ObservedTarget>;
  readonly ownedFilters: OwnedByKey<ObservedFilter>;
  /** Sessions the run may change: ours, and in scope. */
  readonly ownedSessions: OwnedByKey<ObservedSession>;
  /** The load balancers discovery read (the policy's NLB targets), by ARN. */
  readonly loadBalancerByArn: ReadonlyMap<string, ObservedLoadBalancer>;
  /** Absent when discovery did not read subnets (no managed load balancer in the policy). */
  readonly subnetById?: ReadonlyMap<string, ObservedSubnet>;
  /** The managed load balancers and target groups that are this policy's (changeable or not), by key. */
  readonly ownedLoadBalancers: OwnedByKey<ObservedManagedLoadBalancer>;
  readonly ownedTargetGroups: OwnedByKey<ObservedManagedTargetGroup>;
  /** Every managed target group by ARN, whoever owns it. */
  readonly managedTargetGroupByArn: ReadonlyMap<string, ObservedManagedTargetGroup>;
}

function groupOwned<T extends { readonly tags: Readonly<Record<string, string>> }>(
  items: readonly T[],
  isOurs: (item: T) => boolean,
  keyIsValid: (key: string, item: T) => boolean,
): OwnedByKey<T> {
  const byKey = new Map<string, T[]>();
  const strays: T[] = [];
  for (const item of items) {
    if (!isOurs(item)) continue;
    const key = item.tags[KEY_TAG];
    if (key !== undefined && keyIsValid(key, item)) pushTo(byKey, key, item);
    else strays.push(item);
  }
  return { byKey, strays };
}

/**
 * The key of a session this run may change, when the key is trustworthy: it must end with the session's ENI.
 */
export function ownedSessionKey(session: ObservedSession, scope: RegionScope): string | undefined {
  if (!scope.mayChangeSession(session)) return undefined;
  const key = session.tags[KEY_TAG];
  return key !== undefined && key.startsWith('session/') && key.endsWith(`/${session.networkInterfaceId}`)
    ? key
    : undefined;
}

/** The same observed region under a scope that differs only in which sessions the run may change. */
export function withSessionScope(index: RegionIndex, scope: RegionScope): RegionIndex {
  return {
    ...index,
    scope,
    ownedSessions: groupOwned(index.sessions, scope.mayChangeSession, (_key, session) => ownedSessionKey(session, scope) !== undefined),
  };
}

const byDeviceIndexThenId = (a: ObservedNetworkInterface, b: ObservedNetworkInterface): number =>
  (a.attachment?.deviceIndex ?? Number.MAX_SAFE_INTEGER) - (b.attachment?.deviceIndex ?? Number.MAX_SAFE_INTEGER) ||
  compareStrings(a.id, b.id);

export function indexRegion(observed: ObservedRegion, scope: RegionScope): RegionIndex {
  const vpcs = sortedById(observed.vpcs);
  const instances = sortedById(observed.instances);
  const interfaces = sortedById(observed.networkInterfaces);
  const targets = sortedById(observed.targets);
  const filters = sortedById(observed.filters);
  const sessions = sortedById(observed.sessions);

  const interfacesByInstance = new Map<string, ObservedNetworkInterface[]>();
  for (const eni of interfaces) {
    const instanceId = eni.attachment?.instanceId;
    if (instanceId !== undefined) pushTo(interfacesByInstance, instanceId, eni);
  }
  for (const list of interfacesByInstance.values()) list.sort(byDeviceIndexThenId);

  const sessionsByInterface = new Map<string, ObservedSession[]>();
  const sessionsByTarget = new Map<string, ObservedSession[]>();
  for (const session of sessions) {
    pushTo(sessionsByInterface, session.networkInterfaceId, session);
    pushTo(sessionsByTarget, session.targetId, session);
  }
  const targetInterfaceIds = new Set<string>();
  const targetsByResource = new Map<string, ObservedTarget[]>();
  for (const target of targets) {
    if (target.networkInterfaceId !== undefined) targetInterfaceIds.add(target.networkInterfaceId);
    const resource = targetResourceKey(target);
    if (resource !== undefined) pushTo(targetsByResource, resource, target);
  }

  return {
    region: observed.region,
    scope,
    vpcs,
    vpcById: new Map(vpcs.map((vpc) => [vpc.id, vpc])),
    instances,
    instanceById: new Map(instances.map((instance) => [instance.id, instance])),
    interfacesByInstance,
    interfaceById: new Map(interfaces.map((eni) => [eni.id, eni])),
    typeFacts: new Map(observed.instanceTypes.map((facts) => [facts.type, facts])),
    targetById: new Map(targets.map((target) => [target.id, target])),
    targetsByResource,
    filterById: new Map(filters.map((filter) => [filter.id, filter])),
    targetInterfaceIds,
    sessions,
    sessionsByInterface,
    sessionsByTarget,
    ownedTargets: groupOwned(targets, scope.ours, (key) => key.startsWith('target/')),
    ownedFilters: groupOwned(filters, scope.ours, (key) => key.startsWith('filter/')),
    ownedSessions: groupOwned(sessions, scope.mayChangeSession, (_key, session) => ownedSessionKey(session, scope) !== undefined),
    loadBalancerByArn: new Map((observed.loadBalancers ?? []).map((lb) => [lb.arn, lb])),
    ...(observed.subnets === undefined ? {} : { subnetById: new Map(observed.subnets.map((subnet) => [subnet.id, subnet])) }),
    ownedLoadBalancers: groupOwned(observed.managedLoadBalancers ?? [], scope.ours, (key) => key.startsWith('load-balancer/')),
    ownedTargetGroups: groupOwned(observed.managedTargetGroups ?? [], scope.ours, (key) => key.startsWith('target-group/')),
    managedTargetGroupByArn: new Map((observed.managedTargetGroups ?? []).map((group) => [group.arn, group])),
  };
}
