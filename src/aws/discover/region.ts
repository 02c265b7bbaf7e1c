/**
 * Discovers one region: paginated Describes at the largest page size EC2 allows (DescribeInstances at half of
 * it: filtered-reads.ts says why), filtered server-side where that reads fewer bytes, so the cost is a number of
 * pages, never a call per instance or interface. A plan of a region whose policy selects its VPCs by id costs
 * five calls where there is nothing more to find: instances, sessions, targets, filters, and ELBv2's load
 * balancers.
 *
 * - Interfaces come with the instances they are attached to (DescribeInstances lists them, and says in
 *   `Operator` which ones an AWS service manages): there is no scan of the region's interfaces. Read apart, by
 *   id, are only those that no instance read listed but the planner needs: the interfaces of the policy's
 *   sessions (detached ones, another VPC's) and of its targets. Interfaces AWS services own without an
 *   instance in the account (a load balancer's, a NAT gateway's, Lambda's) are never sources: a plan does not
 *   read them; a snapshot of the account (no policy, `mirrorctl discover`) does, one filtered read, for
 *   the subnets of the load balancers it rebuilds.
 * - VPCs: where every entry that applies to the region names its VPC by id, DescribeVpcs is not called: the
 *   instances of those VPCs are read at once, and a named VPC no instance is in is looked up by id (one call,
 *   usually none), so an entry naming a VPC that does not exist still matches nothing. A VPC known from its
 *   instances is observed without its tags, which nothing reads then. Entries selecting by tag read the
 *   region's VPCs first, then only the selected VPCs' instances (`vpc-id`).
 * - Sessions, targets and filters are read whole: the plan's cost counts every session AWS bills, any target
 *   makes its interface ineligible as a source, and another tool's filters carry no tag to filter on; there
 *   are few of them (AWS's quota is 10,000 sessions a region).
 * - ELBv2 (the load balancers and target groups mirrorctl made, found by tag) is read whole where the policy
 *   places a managed load balancer, and in a destroy. Elsewhere only the load balancers are listed first (one
 *   page; their tags only if there are any), and the rest only if one is mirrorctl's: a load balancer the
 *   policy made and then dropped is found and deleted however little is left of it (even one whose mirror
 *   target an interrupted apply never created). That one call is what a region without load balancers pays
 *   for nothing ever being lost.
 * - Instance-type facts are read as pages name new types (instance-types.ts, shared by the accounts of a
 *   run), each page is mapped to observed state at once and dropped, and every read that does not wait for
 *   another starts at once.
 */
import {
  paginateDescribeInstances,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSubnets,
  paginateDescribeTrafficMirrorFilters,
  paginateDescribeTrafficMirrorSessions,
  paginateDescribeTrafficMirrorTargets,
  paginateDescribeVpcs,
  type DescribeInstancesCommandOutput,
  type DescribeNetworkInterfacesCommandOutput,
  type DescribeVpcsCommandOutput,
  type EC2Client,
  type Filter,
} from '@aws-sdk/client-ec2';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { POLICY_TAG } from '../../core/ownership.js';
import { entryAppliesTo, selectedVpcIds } from '../../core/planner/eligibility.js';
import type {
  ObservedInstance,
  ObservedLoadBalancer,
  ObservedNetworkInterface,
  ObservedRegion,
  ObservedSession,
  ObservedSubnet,
  ObservedVpc,
} from '../../core/types/observed.js';
import type { Policy } from '../../core/types/policy.js';
import { byId, compare, required } from './fields.js';
import { MAX_INSTANCES_PAGE, MAX_PAGE, readWhere } from './filtered-reads.js';
import { InstanceTypeReads, type SharedInstanceTypes } from './instance-types.js';
import { readLoadBalancers } from './load-balancers.js';
import { readManagedLoadBalancing, type ManagedLoadBalancing } from './managed-load-balancers.js';
import { toInstance, toInstanceInterfaces, toNetworkInterface, toVpc } from './map-compute.js';
import { toFilter, toSession, toTarget } from './map-mirroring.js';
import { readAllPages, started, type ReadScope } from './pages.js';

// Terminated instances stay visible for about an hour and can never be mirrored: filter them server-side.
const LIVE_INSTANCE_STATES = ['pending', 'running', 'stopping', 'stopped', 'shutting-down'];
const LIVE: Filter = { Name: 'instance-state-name', Values: LIVE_INSTANCE_STATES };

export interface RegionDiscovery {
  readonly observed: ObservedRegion;
  /** The account that owns the instances (or, without instances, the interfaces) seen here. */
  readonly accountId: string | undefined;
}

/** The load balancers of this region to read, with the client to read them. */
export interface LoadBalancerReads {
  readonly client: ElasticLoadBalancingV2Client;
  readonly arns: readonly string[];
}

/** What a policy's managed targets need read besides the usual: subnets, and the ELBv2 resources it made. */
export interface ManagedReads {
  readonly client: ElasticLoadBalancingV2Client;
  /** Whose load balancers and target groups are read in detail. */
  readonly policyName: string;
  readonly subnets: boolean;
  /**
   * Read the ELBv2 resources whole: the policy places a managed load balancer here, or the plan is a destroy.
   * Otherwise the load balancers are looked at first, and the rest read only if one is mirrorctl's.
   */
  readonly always: boolean;
}

interface InstanceRead {
  readonly instances: ObservedInstance[];
  /** As the instances' descriptions list them. */
  readonly interfaces: ObservedNetworkInterface[];
  readonly ownerId: string | undefined;
}

interface InterfaceRead {
  readonly interfaces: ObservedNetworkInterface[];
  readonly ownerId: string | undefined;
}

/** Every Describe of one region, with the page size and the abort signal they share. */
class RegionReads {
  constructor(
    readonly client: EC2Client,
    readonly scope: ReadScope,
  ) {}

  get #config() {
    return { client: this.client, pageSize: MAX_PAGE };
  }

  /**
   * Live instances with their interfaces, each page mapped as it arrives and handed to `onPage`; `vpcIds`
   * undefined reads the whole region.
   */
  async instances(
    vpcIds: readonly string[] | undefined,
    onPage: (instances: ObservedInstance[], interfaces: ObservedNetworkInterface[]) => void,
    name = 'vpc-id',
  ): Promise<InstanceRead> {
    let ownerId: string | undefined;
    const instances: ObservedInstance[] = [];
    const interfaces: ObservedNetworkInterface[] = [];
    const toItems = (page: DescribeInstancesCommandOutput) => {
      const pageInstances: ObservedInstance[] = [];
      const pageInterfaces: ObservedNetworkInterface[] = [];
      for (const reservation of page.Reservations ?? []) {
        ownerId ??= reservation.OwnerId;
        for (const instance of reservation.Instances ?? []) {
          pageInstances.push(toInstance(instance));
          pageInterfaces.push(...toInstanceInterfaces(instance));
        }
      }
      instances.push(...pageInstances);
      interfaces.push(...pageInterfaces);
      onPage(pageInstances, pageInterfaces);
      return pageInstances;
    };
    const paginate = (Filters: Filter[], send: { abortSignal: AbortSignal }) =>
      paginateDescribeInstances({ client: this.client, pageSize: MAX_INSTANCES_PAGE }, { Filters }, send);
    if (vpcIds === undefined) await readAllPages(this.scope, 'DescribeInstances', (send) => paginate([LIVE], send), toItems);
    else await readWhere(this.scope, 'DescribeInstances', name, vpcIds, paginate, toItems, [LIVE]);
    return { instances, interfaces, ownerId };
  }

  /** Interfaces by filter, as DescribeNetworkInterfaces reports them; `values` undefined: no `name` filter. */
  async interfaces(name: string, values: readonly string[] | undefined, extra: readonly Filter[] = []): Promise<InterfaceRead> {
    let ownerId: string | undefined;
    const toItems = (page: DescribeNetworkInterfacesCommandOutput) =>
      (page.NetworkInterfaces ?? []).map((eni) => {
        ownerId ??= eni.OwnerId;
        return toNetworkInterface(eni);
      });
    const paginate = (Filters: Filter[], send: { abortSignal: AbortSignal }) =>
      paginateDescribeNetworkInterfaces(this.#config, { Filters }, send);
    const interfaces =
      values === undefined
        ? await readAllPages(this.scope, 'DescribeNetworkInterfaces', (send) => paginate([...extra], send), toItems)
        : await readWhere(this.scope, 'DescribeNetworkInterfaces', name, values, paginate, toItems, extra);
    return { interfaces, ownerId };
  }

  /** Every session of the region. */
  sessions(): Promise<ObservedSession[]> {
    return readAllPages(this.scope, 'DescribeTrafficMirrorSessions', (send) => paginateDescribeTrafficMirrorSessions(this.#config, {}, send), (page) =>
      (page.TrafficMirrorSessions ?? []).map(toSession),
    );
  }

  /** The region's VPCs, or those of `ids` that exist (a filter, so a missing id is no error). */
  vpcs(ids?: readonly string[]): Promise<ObservedVpc[]> {
    const toItems = (page: DescribeVpcsCommandOutput) => (page.Vpcs ?? []).map(toVpc);
    if (ids === undefined) return readAllPages(this.scope, 'DescribeVpcs', (send) => paginateDescribeVpcs(this.#config, {}, send), toItems);
    return readWhere(this.scope, 'DescribeVpcs', 'vpc-id', ids, (Filters, send) => paginateDescribeVpcs(this.#config, { Filters }, send), toItems);
  }

  /** Every target: any of them makes its interface ineligible as a source, whoever made it. */
  targets() {
    return readAllPages(this.scope, 'DescribeTrafficMirrorTargets', (send) => paginateDescribeTrafficMirrorTargets(this.#config, {}, send), (page) =>
      (page.TrafficMirrorTargets ?? []).map(toTarget),
    );
  }

  /** Every filter: few, and another tool's (Vectra's) are recognised by their description, not a tag. */
  filters() {
    return readAllPages(this.scope, 'DescribeTrafficMirrorFilters', (send) => paginateDescribeTrafficMirrorFilters(this.#config, {}, send), (page) =>
      (page.TrafficMirrorFilters ?? []).map(toFilter),
    );
  }
}

/** The interfaces of the policy's interface targets and pools: looked for in every region, it says which holds them. */
const policyTargetInterfaces = (policy: Policy | undefined): string[] =>
  Object.values(policy?.targets ?? {}).flatMap((target) => {
    if (target.spec.kind === 'network-interface') return [target.spec.networkInterfaceId];
    if (target.spec.kind === 'interface-pool' && 'networkInterfaceIds' in target.spec) return [...target.spec.networkInterfaceIds];
    return [];
  });

/**
 * Sensors the policy picks by tag or id (behind a managed load balancer, or in a pool) may live in a VPC no
 * entry selects: a plan that did not read them would deregister them. Such a policy reads every instance.
 */
const picksSensors = (policy: Policy | undefined): boolean =>
  Object.values(policy?.targets ?? {}).some((target) => target.spec.kind === 'managed-load-balancer' || target.spec.kind === 'interface-pool');

const policyExistingTargets = (policy: Policy | undefined): Set<string> =>
  new Set(Object.values(policy?.targets ?? {}).flatMap((target) => (target.spec.kind === 'existing' ? [target.spec.trafficMirrorTargetId] : [])));

/** Later reads of an interface replace earlier ones. */
function uniqueById<T extends { readonly id: string }>(...lists: readonly (readonly T[])[]): T[] {
  const byKey = new Map<string, T>();
  for (const list of lists) for (const item of list) byKey.set(item.id, item);
  return byId([...byKey.values()]);
}

/**
 * The VPCs the policy names in this region, when every entry that applies here names its VPC by id (and
 * no target picks sensors anywhere): then the region's VPCs need not be read to know whose instances to read.
 */
function vpcsNamedById(policy: Policy | undefined, region: string): string[] | undefined {
  if (policy === undefined || picksSensors(policy)) return undefined;
  const ids: string[] = [];
  for (const entry of policy.vpcs) {
    if (!entryAppliesTo(entry, region)) continue;
    if (entry.selector.kind !== 'id') return undefined;
    ids.push(entry.selector.vpcId);
  }
  return [...new Set(ids)].sort(compare);
}

/** The VPCs of the region whose instances the policy's entries select; undefined when that is all of them. */
function selectedVpcs(policy: Policy | undefined, region: string, vpcs: readonly ObservedVpc[]): string[] | undefined {
  if (policy === undefined || picksSensors(policy)) return undefined;
  const selection = selectedVpcIds(policy, region, vpcs);
  return selection === 'all' ? undefined : [...selection].sort(compare);
}

const NO_INSTANCES: InstanceRead = { instances: [], interfaces: [], ownerId: undefined };

export async function discoverRegion(
  client: EC2Client,
  scope: ReadScope,
  loadBalancerReads?: LoadBalancerReads,
  policy?: Policy,
  managedReads?: ManagedReads,
  instanceTypes?: SharedInstanceTypes,
): Promise<RegionDiscovery> {
  const reads = new RegionReads(client, scope);
  const subnetsRead: Promise<ObservedSubnet[] | undefined> = started(
    managedReads?.subnets === true ? readSubnets(client, scope) : Promise.resolve(undefined),
  );
  const types = new InstanceTypeReads(client, scope, instanceTypes);
  const loadBalancersRead: Promise<ObservedLoadBalancer[] | undefined> =
    loadBalancerReads === undefined ? Promise.resolve(undefined) : readLoadBalancers(loadBalancerReads.client, scope, loadBalancerReads.arns);
  const targetsRead = started(reads.targets());
  const managedRead: Promise<ManagedLoadBalancing | undefined> = started(
    managedReads === undefined
      ? Promise.resolve(undefined)
      : readManagedLoadBalancing(managedReads.client, scope, managedReads.policyName, !managedReads.always),
  );
  const filtersRead = started(reads.filters());
  const policyInterfacesRead = started(reads.interfaces('network-interface-id', policyTargetInterfaces(policy)));
  // A snapshot of the account (no policy) keeps the interfaces AWS manages: a load balancer's say its subnets.
  const managedInterfacesRead = started(
    policy === undefined ? reads.interfaces('requester-managed', ['true']) : Promise.resolve<InterfaceRead>({ interfaces: [], ownerId: undefined }),
  );
  started(loadBalancersRead);
  // Every session of the region, whatever the selection: the plan's cost counts every session AWS bills.
  const sessionsRead = started(reads.sessions().then(byId));

  // Which instances to read: those of the VPCs the entries name, or of the selected VPCs when they select by
  // tag and not all of the region's; undefined reads them all.
  const named = vpcsNamedById(policy, scope.region);
  const regionVpcs = named === undefined ? await reads.vpcs() : undefined;
  const vpcIds = named ?? selectedVpcs(policy, scope.region, regionVpcs ?? []);
  const instancesRead = vpcIds?.length === 0 ? Promise.resolve(NO_INSTANCES) : reads.instances(vpcIds, (instances) => types.add(instances));
  const [read, policyInterfaces, managedInterfaces, sessions, targets, filters, loadBalancers] = await Promise.all([
    instancesRead,
    policyInterfacesRead,
    managedInterfacesRead,
    sessionsRead,
    targetsRead,
    filtersRead,
    loadBalancersRead,
  ]);

  // The named VPCs no instance is in: looked up, so that one that does not exist is told from one without instances.
  const seenVpcIds = new Set([...read.instances.flatMap((instance) => (instance.vpcId === undefined ? [] : [instance.vpcId])), ...read.interfaces.map((eni) => eni.vpcId)]);
  const vpcsRead = started(named === undefined ? Promise.resolve(regionVpcs ?? []) : namedVpcs(reads, named, seenVpcIds));

  const described = new Set([...policyInterfaces.interfaces, ...managedInterfaces.interfaces].map((eni) => eni.id));
  const listed = new Set(read.interfaces.map((eni) => eni.id));
  const existing = policyExistingTargets(policy);
  // The interfaces of the policy's sessions: the planner names an owned session's instance and VPC when it
  // changes or deletes it; another session's interface matters only where instances were read, and is listed.
  // Without a policy (a snapshot of the account), every session's.
  const mayBeOwned = (session: ObservedSession) => policy === undefined || session.tags[POLICY_TAG] === policy.name;
  const wanted = [
    ...sessions.filter(mayBeOwned).map((session) => session.networkInterfaceId),
    ...targets.filter((target) => existing.has(target.id)).flatMap((target) => (target.networkInterfaceId === undefined ? [] : [target.networkInterfaceId])),
  ];
  const missing = wanted.filter((id) => !described.has(id) && !listed.has(id));
  const namedInterfaces = await reads.interfaces('network-interface-id', missing);

  // The instances of interfaces read by id that the instance read did not list (another VPC's).
  const known = new Set(read.instances.map((instance) => instance.id));
  const owners = namedInterfaces.interfaces.flatMap((eni) => {
    const owner = eni.attachment?.instanceId;
    return owner === undefined || known.has(owner) ? [] : [owner];
  });
  const others = owners.length === 0 ? [] : (await reads.instances(owners, (instances) => types.add(instances), 'instance-id')).instances;
  const [instanceTypeFacts, vpcs, managed, subnets] = await Promise.all([types.all(), vpcsRead, managedRead, subnetsRead]);

  const interfaces = uniqueById(read.interfaces, managedInterfaces.interfaces, policyInterfaces.interfaces, namedInterfaces.interfaces);
  return {
    observed: {
      region: scope.region,
      vpcs: byId(vpcs),
      instances: uniqueById(read.instances, others),
      networkInterfaces: interfaces,
      instanceTypes: instanceTypeFacts,
      targets: byId(targets),
      filters: byId(filters),
      sessions,
      ...(loadBalancers === undefined ? {} : { loadBalancers }),
      ...(subnets === undefined ? {} : { subnets: byId(subnets) }),
      ...(managed === undefined ? {} : { managedLoadBalancers: managed.loadBalancers, managedTargetGroups: managed.targetGroups }),
    },
    // A reservation's owner is always the caller; an interface in a shared VPC may belong to another account.
    accountId: read.ownerId ?? managedInterfaces.ownerId ?? policyInterfaces.ownerId ?? namedInterfaces.ownerId,
  };
}

/** The named VPCs: those instances are in (tags not read), and those of the rest that exist (read by id). */
async function namedVpcs(reads: RegionReads, named: readonly string[], seen: ReadonlySet<string>): Promise<ObservedVpc[]> {
  const unseen = named.filter((id) => !seen.has(id));
  const found = unseen.length === 0 ? [] : await reads.vpcs(unseen);
  return [...named.filter((id) => seen.has(id)).map((id): ObservedVpc => ({ id, tags: {} })), ...found];
}

async function readSubnets(client: EC2Client, scope: ReadScope): Promise<ObservedSubnet[]> {
  return readAllPages(
    scope,
    'DescribeSubnets',
    (send) => paginateDescribeSubnets({ client, pageSize: MAX_PAGE }, {}, send),
    (page) =>
      (page.Subnets ?? []).map((subnet) => ({
        id: required(subnet.SubnetId, 'SubnetId'),
        vpcId: required(subnet.VpcId, 'VpcId'),
        availabilityZone: required(subnet.AvailabilityZone, 'AvailabilityZone'),
      })),
  );
}
