/**
 * What the fingerprint covers: every category of observed state the planner reads, each record reduced
 * to an id and the data that identifies its state.
 */
import type { ObservedFilter, ObservedRegion } from '../core/types/observed.js';
import type { CategoryFingerprint, FingerprintCategory } from './types.js';

export interface FingerprintRecord {
  readonly id: string;
  readonly value: unknown;
}

export interface CategorySpec {
  readonly name: FingerprintCategory;
  readonly singular: string;
  readonly plural: string;
  readonly keyedBy: CategoryFingerprint['keyedBy'];
  readonly records: (region: ObservedRegion) => readonly FingerprintRecord[];
}

const byId = <T extends { readonly id: string }>(items: readonly T[]): FingerprintRecord[] =>
  items.map((item) => ({ id: item.id, value: item }));

// AWS does not promise an order for a filter's rules; the order carries no meaning either.
function normaliseFilter(filter: ObservedFilter): ObservedFilter {
  const rules = [...filter.rules].sort(
    (a, b) => a.direction.localeCompare(b.direction) || a.number - b.number || a.id.localeCompare(b.id),
  );
  return { ...filter, rules };
}

export const CATEGORIES: readonly CategorySpec[] = [
  { name: 'vpcs', singular: 'VPC', plural: 'VPCs', keyedBy: 'id', records: (region) => byId(region.vpcs) },
  {
    name: 'instances',
    singular: 'instance',
    plural: 'instances',
    keyedBy: 'id-hash',
    records: (region) => byId(region.instances),
  },
  {
    name: 'networkInterfaces',
    singular: 'network interface',
    plural: 'network interfaces',
    keyedBy: 'id-hash',
    records: (region) => byId(region.networkInterfaces),
  },
  {
    name: 'instanceTypes',
    singular: 'instance type',
    plural: 'instance types',
    keyedBy: 'id',
    records: (region) => region.instanceTypes.map((type) => ({ id: type.type, value: type })),
  },
  { name: 'targets', singular: 'target', plural: 'targets', keyedBy: 'id', records: (region) => byId(region.targets) },
  {
    name: 'filters',
    singular: 'filter',
    plural: 'filters',
    keyedBy: 'id',
    records: (region) => region.filters.map((filter) => ({ id: filter.id, value: normaliseFilter(filter) })),
  },
  {
    name: 'sessions',
    singular: 'session',
    plural: 'sessions',
    keyedBy: 'id',
    records: (region) => byId(region.sessions),
  },
  // The policy's NLBs with their listeners and registered sensors: the planner never taps a sensor.
  {
    name: 'loadBalancers',
    singular: 'load balancer',
    plural: 'load balancers',
    keyedBy: 'id',
    records: (region) => (region.loadBalancers ?? []).map((balancer) => ({ id: balancer.arn, value: balancer })),
  },
  // Where a managed load balancer goes, and the ELBv2 resources mirrorctl made, with listeners and registrations.
  { name: 'subnets', singular: 'subnet', plural: 'subnets', keyedBy: 'id', records: (region) => byId(region.subnets ?? []) },
  {
    name: 'managedLoadBalancers',
    singular: 'managed load balancer',
    plural: 'managed load balancers',
    keyedBy: 'id',
    records: (region) => (region.managedLoadBalancers ?? []).map((balancer) => ({ id: balancer.arn, value: balancer })),
  },
  {
    name: 'managedTargetGroups',
    singular: 'managed target group',
    plural: 'managed target groups',
    keyedBy: 'id',
    records: (region) => (region.managedTargetGroups ?? []).map((group) => ({ id: group.arn, value: group })),
  },
];
