/**
 * Discovers one region. Every read is a whole-region paginated Describe at the largest page size EC2
 * allows, so the cost is a number of pages, never a call per instance or interface.
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
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type {
  ObservedInstance,
  ObservedInstanceType,
  ObservedLoadBalancer,
  ObservedNetworkInterface,
  ObservedRegion,
  ObservedSubnet,
} from '../../core/types/observed.js';
import { byId, compare, required } from './fields.js';
import { toInstance, toInstanceType, toNetworkInterface, toVpc } from './map-compute.js';
import { readLoadBalancers } from './load-balancers.js';
import { readManagedLoadBalancing, type ManagedLoadBalancing } from './managed-load-balancers.js';
import { toFilter, toSession, toTarget } from './map-mirroring.js';
import { readAllPages, type ReadScope } from './pages.js';

/** MaxResults ceilings from the EC2 model: 5–1000, and 5–100 for DescribeInstanceTypes. */
const MAX_PAGE = 1000;
const MAX_INSTANCE_TYPES_PAGE = 100;
/** DescribeInstanceTypes accepts at most 100 names in InstanceTypes. */
const MAX_NAMED_INSTANCE_TYPES = 100;

// Terminated instances stay visible for about an hour and can never be mirrored: filter them server-side.
const LIVE_INSTANCE_STATES = ['pending', 'running', 'stopping', 'stopped', 'shutting-down'];

export interface RegionDiscovery {
  readonly observed: ObservedRegion;
  /** The account that owns the instances (or, without instances, the interfaces) seen here. */
  readonly accountId: string | undefined;
}

interface Owned<T> {
  readonly items: T[];
  readonly ownerId: string | undefined;
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

export async function discoverRegion(
  client: EC2Client,
  scope: ReadScope,
  loadBalancerReads?: LoadBalancerReads,
  managedReads?: ManagedReads,
): Promise<RegionDiscovery> {
  const config = { client, pageSize: MAX_PAGE };
  const managedRead: Promise<ManagedLoadBalancing | undefined> =
    managedReads === undefined ? Promise.resolve(undefined) : readManagedLoadBalancing(managedReads.client, scope, managedReads.policyName);
  const subnetsRead: Promise<ObservedSubnet[] | undefined> =
    managedReads?.subnets === true ? readSubnets(client, scope) : Promise.resolve(undefined);
  const instancesRead = readInstances(client, scope);
  const loadBalancersRead: Promise<ObservedLoadBalancer[] | undefined> =
    loadBalancerReads === undefined
      ? Promise.resolve(undefined)
      : readLoadBalancers(loadBalancerReads.client, scope, loadBalancerReads.arns);
  const [vpcs, instances, interfaces, instanceTypes, targets, filters, sessions, loadBalancers] = await Promise.all([
    readAllPages(
      scope,
      'DescribeVpcs',
      (send) => paginateDescribeVpcs(config, {}, send),
      (page) => (page.Vpcs ?? []).map(toVpc),
    ),
    instancesRead,
    readInterfaces(client, scope),
    instancesRead.then((read) => readInstanceTypes(client, scope, read.items)),
    readAllPages(
      scope,
      'DescribeTrafficMirrorTargets',
      (send) => paginateDescribeTrafficMirrorTargets(config, {}, send),
      (page) => (page.TrafficMirrorTargets ?? []).map(toTarget),
    ),
    readAllPages(
      scope,
      'DescribeTrafficMirrorFilters',
      (send) => paginateDescribeTrafficMirrorFilters(config, {}, send),
      (page) => (page.TrafficMirrorFilters ?? []).map(toFilter),
    ),
    readAllPages(
      scope,
      'DescribeTrafficMirrorSessions',
      (send) => paginateDescribeTrafficMirrorSessions(config, {}, send),
      (page) => (page.TrafficMirrorSessions ?? []).map(toSession),
    ),
    loadBalancersRead,
  ]);
  const [managed, subnets] = await Promise.all([managedRead, subnetsRead]);
  return {
    observed: {
      region: scope.region,
      vpcs: byId(vpcs),
      instances: byId(instances.items),
      networkInterfaces: byId(interfaces.items),
      instanceTypes: instanceTypes.sort((a, b) => compare(a.type, b.type)),
      targets: byId(targets),
      filters: byId(filters),
      sessions: byId(sessions),
      ...(loadBalancers === undefined ? {} : { loadBalancers }),
      ...(subnets === undefined ? {} : { subnets: byId(subnets) }),
      ...(managed === undefined ? {} : { managedLoadBalancers: managed.loadBalancers, managedTargetGroups: managed.targetGroups }),
    },
    // A reservation's owner is always the caller; an interface in a shared VPC may belong to another account.
    accountId: instances.ownerId ?? interfaces.ownerId,
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

async function readInstances(client: EC2Client, scope: ReadScope): Promise<Owned<ObservedInstance>> {
  let ownerId: string | undefined;
  const items = await readAllPages(
    scope,
    'DescribeInstances',
    (send) =>
      paginateDescribeInstances(
        { client, pageSize: MAX_PAGE },
        { Filters: [{ Name: 'instance-state-name', Values: LIVE_INSTANCE_STATES }] },
        send,
      ),
    (page) =>
      (page.Reservations ?? []).flatMap((reservation) => {
        ownerId ??= reservation.OwnerId;
        return (reservation.Instances ?? []).map(toInstance);
      }),
  );
  return { items, ownerId };
}

async function readInterfaces(client: EC2Client, scope: ReadScope): Promise<Owned<ObservedNetworkInterface>> {
  let ownerId: string | undefined;
  const items = await readAllPages(
    scope,
    'DescribeNetworkInterfaces',
    (send) => paginateDescribeNetworkInterfaces({ client, pageSize: MAX_PAGE }, {}, send),
    (page) =>
      (page.NetworkInterfaces ?? []).map((eni) => {
        ownerId ??= eni.OwnerId;
        return toNetworkInterface(eni);
      }),
  );
  return { items, ownerId };
}

/** Facts for the types in use only: one page per 100 distinct types instead of EC2's whole catalogue. */
async function readInstanceTypes(
  client: EC2Client,
  scope: ReadScope,
  instances: readonly ObservedInstance[],
): Promise<ObservedInstanceType[]> {
  const types = [...new Set(instances.map((instance) => instance.type))].sort(compare);
  const chunks: string[][] = [];
  for (let start = 0; start < types.length; start += MAX_NAMED_INSTANCE_TYPES) {
    chunks.push(types.slice(start, start + MAX_NAMED_INSTANCE_TYPES));
  }
  const pages = await Promise.all(
    chunks.map((chunk) =>
      readAllPages(
        scope,
        'DescribeInstanceTypes',
        (send) =>
          paginateDescribeInstanceTypes(
            { client, pageSize: MAX_INSTANCE_TYPES_PAGE },
            // Facts are wanted even for a type the region no longer offers: an old instance may still run it.
            { InstanceTypes: chunk as _InstanceType[], IncludeUnsupportedInRegion: true },
            send,
          ),
        (page) => (page.InstanceTypes ?? []).map(toInstanceType),
      ),
    ),
  );
  return pages.flat();
}
