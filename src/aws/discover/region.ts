/**
 * Discovers one region: paginated Describes at the largest page size EC2 allows (DescribeInstances at half of
 * it: filtered-reads.ts says why), filtered server-side where that reads fewer bytes, so the cost is a number of
 * pages, never a call per instance or interface.
 *
 * - Interfaces come with the instances they are attached to (DescribeInstances lists them): there is no scan
 *   of the region's interfaces. Read apart, by filter, is only what an instance's description lacks: which
 *   interfaces AWS manages (`requester-managed`), and by id those that no instance read listed but the planner
 *   needs: the interfaces of the policy's sessions (detached ones, another VPC's) and of its targets.
 * - With a policy whose entries select some of the region's VPCs, only those VPCs' instances are read
 *   (`vpc-id`). Sessions, targets and filters are read whole: the plan's cost counts every session AWS bills,
 *   any target makes its interface ineligible as a source, and another tool's filters carry no tag to filter
 *   on; there are few of them (AWS's quota is 10,000 sessions a region).
 * - Instance-type facts are read as pages name new types, each page is mapped to observed state at once and
 *   dropped, and every read that does not wait for another starts at once.
 */
import {
  paginateDescribeInstances,
  paginateDescribeInstanceTypes,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSubnets,
  paginateDescribeTrafficMirrorFilters,
  paginateDescribeTrafficMirrorSessions,
  paginateDescribeTrafficMirrorTargets,
  paginateDescribeVpcs,
  type _InstanceType,
  type DescribeInstancesCommandOutput,
  type DescribeNetworkInterfacesCommandOutput,
  type EC2Client,
  type Filter,
} from '@aws-sdk/client-ec2';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { POLICY_TAG } from '../../core/ownership.js';
import { selectedVpcIds } from '../../core/planner/eligibility.js';
import type {
  ObservedInstance,
  ObservedInstanceType,
  ObservedLoadBalancer,
  ObservedNetworkInterface,
  ObservedRegion,
  ObservedSession,
  ObservedSubnet,
} from '../../core/types/observed.js';
import type { Policy } from '../../core/types/policy.js';
import { byId, compare, required } from './fields.js';
import { chunked, MAX_INSTANCE_TYPES_PAGE, MAX_INSTANCES_PAGE, MAX_NAMED_INSTANCE_TYPES, MAX_PAGE, readWhere } from './filtered-reads.js';
import { readLoadBalancers } from './load-balancers.js';
import { readManagedLoadBalancing, type ManagedLoadBalancing } from './managed-load-balancers.js';
import { toInstance, toInstanceInterfaces, toInstanceType, toNetworkInterface, toVpc } from './map-compute.js';
import { toFilter, toSession, toTarget } from './map-mirroring.js';
import { readAllPages, type ReadScope } from './pages.js';

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
}

/** Reads instance-type facts as instances name new types, one call per 100 new names. */
class InstanceTypeReads {
  readonly #seen = new Set<string>();
  readonly #reads: Promise<ObservedInstanceType[]>[] = [];

  constructor(
    private readonly client: EC2Client,
    private readonly scope: ReadScope,
  ) {}

  add(instances: readonly ObservedInstance[]): void {
    const fresh = [...new Set(instances.map((instance) => instance.type))].filter((type) => !this.#seen.has(type));
    for (const type of fresh) this.#seen.add(type);
    for (const chunk of chunked(fresh, MAX_NAMED_INSTANCE_TYPES)) {
      const read = readAllPages(
        this.scope,
        'DescribeInstanceTypes',
        (send) =>
          paginateDescribeInstanceTypes(
            { client: this.client, pageSize: MAX_INSTANCE_TYPES_PAGE },
            // Facts are wanted even for a type the region no longer offers: an old instance may still run it.
            { InstanceTypes: chunk as _InstanceType[], IncludeUnsupportedInRegion: true },
            send,
          ),
        (page) => (page.InstanceTypes ?? []).map(toInstanceType),
      );
      this.#reads.push(started(read));
    }
  }

  async all(): Promise<ObservedInstanceType[]> {
    const facts = (await Promise.all(this.#reads)).flat();
    return facts.sort((a, b) => compare(a.type, b.type));
  }
}

interface InstanceRead {
  readonly instances: ObservedInstance[];
  /** As the instances' descriptions list them; `requesterManaged` false until the caller knows better. */
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
          pageInterfaces.push(...toInstanceInterfaces(instance, () => false));
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

  vpcs() {
    return readAllPages(this.scope, 'DescribeVpcs', (send) => paginateDescribeVpcs(this.#config, {}, send), (page) => (page.Vpcs ?? []).map(toVpc));
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

/**
 * A read started before something it does not wait for: awaited later, but if that something fails first,
 * discovery rejects with that failure, and this read's own failure (it is aborted too) must not go unhandled.
 */
function started<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
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

/** Later reads of an interface replace earlier ones: DescribeNetworkInterfaces says whether AWS manages it. */
function uniqueById<T extends { readonly id: string }>(...lists: readonly (readonly T[])[]): T[] {
  const byKey = new Map<string, T>();
  for (const list of lists) for (const item of list) byKey.set(item.id, item);
  return byId([...byKey.values()]);
}

export async function discoverRegion(
  client: EC2Client,
  scope: ReadScope,
  loadBalancerReads?: LoadBalancerReads,
  policy?: Policy,
  managedReads?: ManagedReads,
): Promise<RegionDiscovery> {
  const reads = new RegionReads(client, scope);
  const managedRead: Promise<ManagedLoadBalancing | undefined> = started(
    managedReads === undefined ? Promise.resolve(undefined) : readManagedLoadBalancing(managedReads.client, scope, managedReads.policyName),
  );
  const subnetsRead: Promise<ObservedSubnet[] | undefined> = started(
    managedReads?.subnets === true ? readSubnets(client, scope) : Promise.resolve(undefined),
  );
  const types = new InstanceTypeReads(client, scope);
  const loadBalancersRead: Promise<ObservedLoadBalancer[] | undefined> =
    loadBalancerReads === undefined ? Promise.resolve(undefined) : readLoadBalancers(loadBalancerReads.client, scope, loadBalancerReads.arns);
  const targetsRead = started(reads.targets());
  const filtersRead = started(reads.filters());
  const policyInterfacesRead = started(reads.interfaces('network-interface-id', policyTargetInterfaces(policy)));
  started(loadBalancersRead);
  // Every session of the region, whatever the selection: the plan's cost counts every session AWS bills.
  const sessionsRead = started(reads.sessions().then(byId));
  const vpcs = await reads.vpcs();

  // Which instances to read: a policy's selected VPCs, when they are not all of the region's.
  const selection = policy === undefined || picksSensors(policy) ? 'all' : selectedVpcIds(policy, scope.region, vpcs);
  const vpcIds = selection === 'all' ? undefined : [...selection].sort(compare);
  const instancesRead =
    vpcIds !== undefined && vpcIds.length === 0
      ? Promise.resolve<InstanceRead>({ instances: [], interfaces: [], ownerId: undefined })
      : reads.instances(vpcIds, (instances) => types.add(instances));
  // The interfaces AWS manages (a load balancer's, an ECS task's…): an instance's description does not say.
  const requesterManagedRead =
    vpcIds !== undefined && vpcIds.length === 0
      ? Promise.resolve<InterfaceRead>({ interfaces: [], ownerId: undefined })
      : reads.interfaces('vpc-id', vpcIds, [{ Name: 'requester-managed', Values: ['true'] }]);
  const [read, requesterManaged, policyInterfaces, sessions, targets, filters, loadBalancers] = await Promise.all([
    instancesRead,
    requesterManagedRead,
    policyInterfacesRead,
    sessionsRead,
    targetsRead,
    filtersRead,
    loadBalancersRead,
  ]);

  // What DescribeNetworkInterfaces has already told, and what sessions and targets name that nobody read yet.
  const described = new Set([...requesterManaged.interfaces, ...policyInterfaces.interfaces].map((eni) => eni.id));
  const listed = new Set(read.interfaces.map((eni) => eni.id));
  // An instance's interface in an unselected VPC: the requester-managed read, filtered by VPC, did not cover it.
  const selected = vpcIds === undefined ? undefined : new Set(vpcIds);
  const uncovered = new Set(selected === undefined ? [] : read.interfaces.filter((eni) => !selected.has(eni.vpcId)).map((eni) => eni.id));
  const existing = policyExistingTargets(policy);
  // The interfaces of the policy's sessions: the planner names an owned session's instance and VPC when it
  // changes or deletes it; another session's interface matters only where instances were read, and is listed.
  // Without a policy (a snapshot of the account), every session's.
  const mayBeOwned = (session: ObservedSession) => policy === undefined || session.tags[POLICY_TAG] === policy.name;
  const wanted = [
    ...sessions.filter(mayBeOwned).map((session) => session.networkInterfaceId),
    ...targets.filter((target) => existing.has(target.id)).flatMap((target) => (target.networkInterfaceId === undefined ? [] : [target.networkInterfaceId])),
    ...uncovered,
  ];
  const missing = wanted.filter((id) => !described.has(id) && (!listed.has(id) || uncovered.has(id)));
  const named = await reads.interfaces('network-interface-id', missing);

  // The instances of interfaces read by id that the instance read did not list (another VPC's).
  const known = new Set(read.instances.map((instance) => instance.id));
  const owners = named.interfaces.flatMap((eni) => {
    const owner = eni.attachment?.instanceId;
    return owner === undefined || known.has(owner) ? [] : [owner];
  });
  const others = owners.length === 0 ? [] : (await reads.instances(owners, (instances) => types.add(instances), 'instance-id')).instances;
  const instanceTypes = await types.all();
  const [managed, subnets] = await Promise.all([managedRead, subnetsRead]);

  const interfaces = uniqueById(read.interfaces, requesterManaged.interfaces, policyInterfaces.interfaces, named.interfaces);
  return {
    observed: {
      region: scope.region,
      vpcs: byId(vpcs),
      instances: uniqueById(read.instances, others),
      networkInterfaces: interfaces,
      instanceTypes,
      targets: byId(targets),
      filters: byId(filters),
      sessions,
      ...(loadBalancers === undefined ? {} : { loadBalancers }),
      ...(subnets === undefined ? {} : { subnets: byId(subnets) }),
      ...(managed === undefined ? {} : { managedLoadBalancers: managed.loadBalancers, managedTargetGroups: managed.targetGroups }),
    },
    // A reservation's owner is always the caller; an interface in a shared VPC may belong to another account.
    accountId: read.ownerId ?? requesterManaged.ownerId ?? policyInterfaces.ownerId ?? named.ownerId,
  };
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
