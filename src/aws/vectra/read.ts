/**
 * The reads of `mirrorctl import vectra`: the traces of Vectra's session mirroring tool, found server-side by
 * their tags and description, one paginated Describe per kind (and per 200 filter values), never a call per
 * VPC, instance or interface. Like discovery, it fails closed: any failed read fails the import.
 */
import {
  paginateDescribeInstances,
  paginateDescribeTrafficMirrorFilters,
  paginateDescribeTrafficMirrorSessions,
  paginateDescribeTrafficMirrorTargets,
  paginateDescribeVpcs,
  type EC2Client,
  type Filter,
  type Instance,
} from '@aws-sdk/client-ec2';
import { VECTRA_CREATOR, VECTRA_FILTER_DESCRIPTION } from '../../core/scope/index.js';
import { VECTRA_TAGS, type VectraInstance, type VectraRegion } from '../../core/types/vectra.js';
import type { AwsClients } from '../clients.js';
import { byId } from '../discover/fields.js';
import { readLoadBalancers } from '../discover/load-balancers.js';
import { toInstance, toVpc } from '../discover/map-compute.js';
import { toFilter, toSession, toTarget } from '../discover/map-mirroring.js';
import { readAllPages, type DiscoveryProgress, type ReadScope } from '../discover/pages.js';

const MAX_PAGE = 1000;
/** EC2 accepts at most 200 values in one Describe filter. */
const MAX_FILTER_VALUES = 200;
const LIVE_INSTANCE_STATES = ['pending', 'running', 'stopping', 'stopped', 'shutting-down'];

function chunks<T>(items: readonly T[], size = MAX_FILTER_VALUES): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

function toVectraInstance(instance: Instance): VectraInstance {
  const interfaceIds = (instance.NetworkInterfaces ?? []).flatMap((eni) => (eni.NetworkInterfaceId === undefined ? [] : [eni.NetworkInterfaceId]));
  return { ...toInstance(instance), interfaceIds: [...interfaceIds].sort() };
}

async function readInstances(client: EC2Client, scope: ReadScope, vpcIds: readonly string[]): Promise<VectraInstance[]> {
  const pages = await Promise.all(
    chunks(vpcIds).map((values) =>
      readAllPages(
        scope,
        'DescribeInstances',
        (send) =>
          paginateDescribeInstances(
            { client, pageSize: MAX_PAGE },
            { Filters: [{ Name: 'vpc-id', Values: values }, { Name: 'instance-state-name', Values: LIVE_INSTANCE_STATES }] },
            send,
          ),
        (page) => (page.Reservations ?? []).flatMap((reservation) => (reservation.Instances ?? []).map(toVectraInstance)),
      ),
    ),
  );
  return byId(pages.flat());
}

async function readTargets(client: EC2Client, scope: ReadScope, ids: readonly string[]) {
  const pages = await Promise.all(
    chunks(ids).map((values) =>
      readAllPages(
        scope,
        'DescribeTrafficMirrorTargets',
        (send) =>
          paginateDescribeTrafficMirrorTargets(
            { client, pageSize: MAX_PAGE },
            { Filters: [{ Name: 'traffic-mirror-target-id', Values: values }] },
            send,
          ),
        (page) => (page.TrafficMirrorTargets ?? []).map(toTarget),
      ),
    ),
  );
  return byId(pages.flat());
}

export interface VectraReadOptions {
  readonly signal: AbortSignal;
  readonly profile?: string;
  readonly onProgress?: (event: DiscoveryProgress) => void;
}

export async function readVectraRegion(clients: AwsClients, region: string, options: VectraReadOptions): Promise<VectraRegion> {
  const client = clients.ec2(region);
  const scope: ReadScope = { region, profile: options.profile, signal: options.signal, onProgress: options.onProgress, totals: new Map() };
  const config = { client, pageSize: MAX_PAGE };
  const tagged = (name: string, value: string): Filter[] => [{ Name: `tag:${name}`, Values: [value] }];
  const [vpcs, sessions, filters] = await Promise.all([
    readAllPages(
      scope,
      'DescribeVpcs',
      (send) => paginateDescribeVpcs(config, { Filters: [{ Name: 'tag-key', Values: [VECTRA_TAGS.target] }] }, send),
      (page) => (page.Vpcs ?? []).map(toVpc),
    ),
    readAllPages(
      scope,
      'DescribeTrafficMirrorSessions',
      (send) => paginateDescribeTrafficMirrorSessions(config, { Filters: tagged(VECTRA_CREATOR.key, VECTRA_CREATOR.value) }, send),
      (page) => (page.TrafficMirrorSessions ?? []).map(toSession),
    ),
    readAllPages(
      scope,
      'DescribeTrafficMirrorFilters',
      (send) =>
        paginateDescribeTrafficMirrorFilters(config, { Filters: [{ Name: 'description', Values: [VECTRA_FILTER_DESCRIPTION] }] }, send),
      (page) => (page.TrafficMirrorFilters ?? []).map(toFilter),
    ),
  ]);
  const enrolled = vpcs.filter((vpc) => (vpc.tags[VECTRA_TAGS.target] ?? '') !== '');
  // A tag value that is no target id matches nothing; the import reports it.
  const targetIds = [...new Set(enrolled.map((vpc) => vpc.tags[VECTRA_TAGS.target] ?? ''))];
  const [instances, targets] = await Promise.all([
    enrolled.length === 0 ? Promise.resolve([]) : readInstances(client, scope, enrolled.map((vpc) => vpc.id)),
    targetIds.length === 0 ? Promise.resolve([]) : readTargets(client, scope, targetIds.sort()),
  ]);
  const arns = targets.flatMap((target) => (target.networkLoadBalancerArn === undefined ? [] : [target.networkLoadBalancerArn]));
  const loadBalancers = arns.length === 0 ? [] : await readLoadBalancers(clients.elbv2(region), scope, arns);
  return {
    region,
    vpcs: byId(enrolled),
    instances,
    sessions: byId(sessions),
    filters: byId(filters),
    targets,
    loadBalancers,
  };
}
