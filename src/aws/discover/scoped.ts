/**
 * Discovery of what one event (or one batch of events) is about, for a scoped run: the named instances and
 * interfaces, the sessions on them, and what the planner needs to decide for them exactly as a full plan
 * would: every target (any of them may make an interface a mirror target), the policy's filters, the
 * policy's interface targets with the sessions already on them (their 10-source limit), the VPCs' tags when
 * an entry selects VPCs by tag, instance-type facts and the policy's load balancers (both cacheable).
 *
 * Every read is filtered server-side and paginated, so the cost is a number of pages whatever the account's
 * size: a launch on an account whose target and filter exist costs three parallel reads (instances,
 * interfaces, targets), then one DescribeTrafficMirrorSessions, once the cache (read-cache.ts) holds the
 * filters, instance types and load balancers. It fails closed like full discovery: one failed read rejects
 * it all.
 */
import {
  paginateDescribeInstances,
  paginateDescribeInstanceTypes,
  paginateDescribeNetworkInterfaces,
  paginateDescribeTrafficMirrorFilters,
  paginateDescribeTrafficMirrorSessions,
  paginateDescribeTrafficMirrorTargets,
  paginateDescribeVpcs,
  type _InstanceType,
  type EC2Client,
  type Filter,
} from '@aws-sdk/client-ec2';
import { setMaxListeners } from 'node:events';
import { POLICY_TAG } from '../../core/ownership.js';
import { entryAppliesTo } from '../../core/planner/eligibility.js';
import type {
  ObservedAccount,
  ObservedInstance,
  ObservedInstanceType,
  ObservedLoadBalancer,
  ObservedNetworkInterface,
  ObservedSession,
  ObservedTarget,
  ObservedVpc,
} from '../../core/types/observed.js';
import type { Policy } from '../../core/types/policy.js';
import type { AwsClients } from '../clients.js';
import { byId, compare } from './fields.js';
import { readLoadBalancers } from './load-balancers.js';
import { toInstance, toInstanceType, toNetworkInterface, toVpc } from './map-compute.js';
import { toFilter, toSession, toTarget } from './map-mirroring.js';
import { chunked, MAX_INSTANCE_TYPES_PAGE, MAX_NAMED_INSTANCE_TYPES, MAX_PAGE, readWhere } from './filtered-reads.js';
import { readAllPages, type DiscoveryProgress, type ReadScope } from './pages.js';
import type { ReadCache } from './read-cache.js';

export interface ScopedDiscoveryRequest {
  readonly region: string;
  readonly policy: Policy;
  /** The account being healed (STS): scoped reads may see no reservation to take it from. */
  readonly accountId: string;
  /** Every interface attached to these instances is in scope. */
  readonly instanceIds: readonly string[];
  readonly interfaceIds: readonly string[];
  /** The interfaces of these sessions are in scope. */
  readonly sessionIds: readonly string[];
  /** Detached interfaces that carry one of the policy's sessions are in scope. */
  readonly detached: boolean;
  readonly cache?: ReadCache;
  readonly onProgress?: (event: DiscoveryProgress) => void;
}

export interface ScopedDiscovery {
  /** One region, holding only what the scope needs. */
  readonly observed: ObservedAccount;
  /** The interfaces the run may create, change or delete sessions on. */
  readonly interfaceIds: readonly string[];
  /** The in-scope interfaces of each named instance, named session, and the detached ones found. */
  readonly interfacesOfInstance: ReadonlyMap<string, readonly string[]>;
  readonly interfaceOfSession: ReadonlyMap<string, string>;
  readonly detachedInterfaceIds: readonly string[];
  /** Which of the named resources exist (terminated instances included). */
  readonly found: {
    readonly instances: ReadonlySet<string>;
    readonly interfaces: ReadonlySet<string>;
    readonly sessions: ReadonlySet<string>;
  };
}

type Clients = Pick<AwsClients, 'ec2' | 'elbv2'>;

class Reads {
  readonly #client: EC2Client;
  readonly #scope: ReadScope;

  constructor(client: EC2Client, scope: ReadScope) {
    this.#client = client;
    this.#scope = scope;
  }

  get #config() {
    return { client: this.#client, pageSize: MAX_PAGE };
  }

  instances(name: string, values: readonly string[]): Promise<ObservedInstance[]> {
    return readWhere(this.#scope, 'DescribeInstances', name, values, (Filters, send) => paginateDescribeInstances(this.#config, { Filters }, send), (page) =>
      (page.Reservations ?? []).flatMap((reservation) => (reservation.Instances ?? []).map(toInstance)),
    );
  }

  interfaces(name: string, values: readonly string[], extra: readonly Filter[] = []): Promise<ObservedNetworkInterface[]> {
    return readWhere(
      this.#scope,
      'DescribeNetworkInterfaces',
      name,
      values,
      (Filters, send) => paginateDescribeNetworkInterfaces(this.#config, { Filters }, send),
      (page) => (page.NetworkInterfaces ?? []).map(toNetworkInterface),
      extra,
    );
  }

  sessions(name: string, values: readonly string[]): Promise<ObservedSession[]> {
    return readWhere(this.#scope, 'DescribeTrafficMirrorSessions', name, values, (Filters, send) => paginateDescribeTrafficMirrorSessions(this.#config, { Filters }, send), (page) =>
      (page.TrafficMirrorSessions ?? []).map(toSession),
    );
  }

  vpcs(ids: readonly string[]): Promise<ObservedVpc[]> {
    return readWhere(this.#scope, 'DescribeVpcs', 'vpc-id', ids, (Filters, send) => paginateDescribeVpcs(this.#config, { Filters }, send), (page) =>
      (page.Vpcs ?? []).map(toVpc),
    );
  }

  /** Every target: any of them makes its interface ineligible as a source, whoever made it. */
  targets(): Promise<ObservedTarget[]> {
    return readAllPages(this.#scope, 'DescribeTrafficMirrorTargets', (send) => paginateDescribeTrafficMirrorTargets(this.#config, {}, send), (page) =>
      (page.TrafficMirrorTargets ?? []).map(toTarget),
    );
  }

  ownedFilters(policyName: string) {
    const Filters = [{ Name: `tag:${POLICY_TAG}`, Values: [policyName] }];
    return readAllPages(this.#scope, 'DescribeTrafficMirrorFilters', (send) => paginateDescribeTrafficMirrorFilters(this.#config, { Filters }, send), (page) =>
      (page.TrafficMirrorFilters ?? []).map(toFilter),
    );
  }

  async instanceTypes(types: readonly string[]): Promise<ObservedInstanceType[]> {
    const pages = await Promise.all(
      chunked(types, MAX_NAMED_INSTANCE_TYPES).map((chunk) =>
        readAllPages(
          this.#scope,
          'DescribeInstanceTypes',
          (send) =>
            paginateDescribeInstanceTypes(
              { client: this.#client, pageSize: MAX_INSTANCE_TYPES_PAGE },
              { InstanceTypes: chunk as _InstanceType[], IncludeUnsupportedInRegion: true },
              send,
            ),
          (page) => (page.InstanceTypes ?? []).map(toInstanceType),
        ),
      ),
    );
    return pages.flat();
  }
}

const unique = <T extends { readonly id: string }>(items: readonly T[]): T[] => byId([...new Map(items.map((item) => [item.id, item])).values()]);

const policyInterfaceTargets = (policy: Policy): string[] =>
  Object.values(policy.targets).flatMap((target) => (target.spec.kind === 'network-interface' ? [target.spec.networkInterfaceId] : []));

const policyExistingTargets = (policy: Policy): Set<string> =>
  new Set(Object.values(policy.targets).flatMap((target) => (target.spec.kind === 'existing' ? [target.spec.trafficMirrorTargetId] : [])));

const arnRegion = (arn: string): string | undefined => arn.split(':')[3];

async function loadBalancersOf(clients: Clients, scope: ReadScope, request: ScopedDiscoveryRequest): Promise<ObservedLoadBalancer[] | undefined> {
  const arns = Object.values(request.policy.targets).flatMap((target) =>
    target.spec.kind === 'network-load-balancer' && arnRegion(target.spec.networkLoadBalancerArn) === request.region
      ? [target.spec.networkLoadBalancerArn]
      : [],
  );
  if (arns.length === 0) return undefined;
  const cached = arns.flatMap((arn) => {
    const hit = request.cache?.loadBalancer(arn);
    return hit === undefined ? [] : [hit];
  });
  const missing = arns.filter((arn) => !cached.some((hit) => hit.arn === arn));
  const read = missing.length === 0 ? [] : await readLoadBalancers(clients.elbv2(request.region), scope, missing);
  for (const loadBalancer of read) request.cache?.rememberLoadBalancer(loadBalancer);
  return [...cached, ...read].sort((a, b) => compare(a.arn, b.arn));
}

async function ownedFiltersOf(reads: Reads, request: ScopedDiscoveryRequest) {
  const cached = request.cache?.ownedFilters(request.region);
  if (cached !== undefined) return cached;
  const read = await reads.ownedFilters(request.policy.name);
  request.cache?.rememberOwnedFilters(request.region, read);
  return read;
}

async function instanceTypesOf(reads: Reads, instances: readonly ObservedInstance[], cache: ReadCache | undefined) {
  const types = [...new Set(instances.map((instance) => instance.type))].sort(compare);
  const missing = types.filter((type) => cache?.instanceTypes.get(type) === undefined);
  const read = missing.length === 0 ? [] : await reads.instanceTypes(missing);
  for (const facts of read) cache?.instanceTypes.set(facts.type, facts);
  const known = new Map(read.map((facts) => [facts.type, facts]));
  return types.flatMap((type) => {
    const facts = known.get(type) ?? cache?.instanceTypes.get(type);
    return facts === undefined ? [] : [facts];
  });
}

function groupByInstance(interfaces: readonly ObservedNetworkInterface[]): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const eni of interfaces) {
    const instanceId = eni.attachment?.instanceId;
    if (instanceId !== undefined) grouped.set(instanceId, [...(grouped.get(instanceId) ?? []), eni.id]);
  }
  return grouped;
}

export async function discoverScope(clients: Clients, request: ScopedDiscoveryRequest): Promise<ScopedDiscovery> {
  const stop = new AbortController();
  setMaxListeners(0, stop.signal);
  const scope: ReadScope = { region: request.region, profile: undefined, signal: stop.signal, onProgress: request.onProgress, totals: new Map() };
  try {
    return await discover(clients, request, new Reads(clients.ec2(request.region), scope), scope);
  } catch (error) {
    // The first failure decides: the reads still in flight would only cost calls.
    stop.abort();
    throw error;
  }
}

async function discover(clients: Clients, request: ScopedDiscoveryRequest, reads: Reads, scope: ReadScope): Promise<ScopedDiscovery> {
  const { policy } = request;
  const sensorInterfaces = policyInterfaceTargets(policy);
  const [named, attached, byId, sessionsById, targets, filters, ownedSessions, available, loadBalancers] = await Promise.all([
    reads.instances('instance-id', request.instanceIds),
    reads.interfaces('attachment.instance-id', request.instanceIds),
    reads.interfaces('network-interface-id', [...request.interfaceIds, ...sensorInterfaces]),
    reads.sessions('traffic-mirror-session-id', request.sessionIds),
    reads.targets(),
    ownedFiltersOf(reads, request),
    request.detached ? reads.sessions(`tag:${POLICY_TAG}`, [policy.name]) : Promise.resolve([]),
    request.detached ? reads.interfaces('status', ['available']) : Promise.resolve([]),
    loadBalancersOf(clients, scope, request),
  ]);

  // A modified session names no interface, and an interface named by id names its instance: a second round.
  const known = new Set([...attached, ...byId].map((eni) => eni.id));
  const sessionInterfaces = sessionsById.map((session) => session.networkInterfaceId).filter((id) => !known.has(id));
  // A target referenced by id (`existing`) may be a sensor's interface: its instance type sets the target's
  // source limit, as a full discovery would know. Read in the same second-round call.
  const existing = policyExistingTargets(policy);
  const existingSensors = targets
    .filter((target) => target.type === 'network-interface' && existing.has(target.id))
    .flatMap((target) => (target.networkInterfaceId === undefined || known.has(target.networkInterfaceId) ? [] : [target.networkInterfaceId]));
  const ofSessions = await reads.interfaces('network-interface-id', [...new Set([...sessionInterfaces, ...existingSensors])]);
  const withOwned = new Set(ownedSessions.map((session) => session.networkInterfaceId));
  const detached = available.filter((eni) => withOwned.has(eni.id) && eni.attachment?.instanceId === undefined);
  const interfaces = unique([...attached, ...byId, ...ofSessions, ...detached]);
  const readInstances = new Set(named.map((instance) => instance.id));
  const owners = interfaces.flatMap((eni) => {
    const owner = eni.attachment?.instanceId;
    return owner === undefined || readInstances.has(owner) ? [] : [owner];
  });
  const instances = unique([...named, ...(await reads.instances('instance-id', owners))]);

  const sensorSet = new Set(sensorInterfaces);
  const namedInterfaces = new Set(request.interfaceIds);
  const inScope = [
    ...attached.map((eni) => eni.id),
    ...byId.filter((eni) => namedInterfaces.has(eni.id)).map((eni) => eni.id),
    ...sessionsById.map((session) => session.networkInterfaceId).filter((id) => interfaces.some((eni) => eni.id === id)),
    ...detached.map((eni) => eni.id),
  ];

  const interfaceTargets = targets
    .filter((target) => target.type === 'network-interface' && (sensorSet.has(target.networkInterfaceId ?? '') || existing.has(target.id)))
    .map((target) => target.id);
  const live = instances.filter((instance) => instance.state !== 'terminated');
  const tagSelected = policy.vpcs.some((entry) => entry.selector.kind === 'tags' && entryAppliesTo(entry, request.region));
  const vpcIds = [...new Set([...live.flatMap((instance) => (instance.vpcId === undefined ? [] : [instance.vpcId])), ...interfaces.map((eni) => eni.vpcId)])];
  const [onScope, onTargets, vpcs, instanceTypes] = await Promise.all([
    reads.sessions('network-interface-id', inScope),
    reads.sessions('traffic-mirror-target-id', interfaceTargets),
    // Untagged stand-ins when no entry reads VPC tags: an id-selected entry only needs the id.
    tagSelected ? reads.vpcs(vpcIds) : Promise.resolve(vpcIds.map((id): ObservedVpc => ({ id, tags: {} }))),
    instanceTypesOf(reads, live, request.cache),
  ]);

  return {
    observed: {
      accountId: request.accountId,
      regions: [
        {
          region: request.region,
          vpcs: unique(vpcs),
          instances: live,
          networkInterfaces: interfaces,
          instanceTypes,
          targets: unique(targets),
          filters: unique(filters),
          sessions: unique([...onScope, ...onTargets]),
          ...(loadBalancers === undefined ? {} : { loadBalancers }),
        },
      ],
    },
    interfaceIds: [...new Set(inScope)].sort(compare),
    interfacesOfInstance: groupByInstance(attached),
    interfaceOfSession: new Map(sessionsById.map((session) => [session.id, session.networkInterfaceId])),
    detachedInterfaceIds: detached.map((eni) => eni.id),
    found: {
      instances: readInstances,
      interfaces: new Set(interfaces.map((eni) => eni.id).filter((id) => namedInterfaces.has(id))),
      sessions: new Set(sessionsById.map((session) => session.id)),
    },
  };
}
