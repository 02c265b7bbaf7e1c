/**
 * Generates an organization for tests and benchmarks, deterministically: a management account (where the
 * credentials start), a security account with one Network Load Balancer target per region shared through
 * RAM, and `accounts` workload accounts under one unit, each with a tagged VPC per region and instances of
 * one interface. With `mirrored`, every interface already carries the session the policy of
 * `generateOrganizationPolicy` would create, so its plan has no changes. The policy selects the workload VPCs
 * by their tag (one entry a region), or with `selectVpcs: 'ids'` by id (one entry an account and region, as
 * a team keeping an inventory of its accounts' VPCs writes it); both must be given the same choice.
 */
import { stringify } from 'yaml';
import { filterDescription, sessionDescription } from '../../core/descriptions.js';
import { filterKey, ruleKey, sessionKey } from '../../core/keys.js';
import { ownershipTags } from '../../core/ownership.js';
import type { SandboxFile, SandboxFilter, SandboxMemberAccount, SandboxRegion, SandboxSession } from '../file/types.js';
import { hashHex } from '../sim/ids.js';
import { GENERATED_FILTER_NAME, GENERATED_RULES } from './account.js';

export interface GenerateOrganizationOptions {
  readonly seed: number;
  /** Workload accounts. */
  readonly accounts: number;
  readonly regions: readonly string[];
  readonly instancesPerRegion: number;
  /** Every interface already mirrored as the policy says. */
  readonly mirrored?: boolean;
  /** Default `generated`. */
  readonly policyName?: string;
  /** How the policy selects the workload VPCs (the mirrored sessions are keyed by its entries). Default `tags`. */
  readonly selectVpcs?: VpcSelection;
}

export type VpcSelection = 'tags' | 'ids';

export const GENERATED_ROLE = 'mirrorctl-member';
export const GENERATED_EXTERNAL_ID = 'mirrorctl-bench';
export const GENERATED_WORKLOADS_UNIT = 'ou-gen0-workloads';
const MANAGEMENT = '100000000000';
const SECURITY = '100000000001';
const TYPES = ['m5.large', 'c6i.large', 'r5.large', 'm6i.xlarge'];

export const workloadAccountId = (index: number): string => String(200_000_000_000 + index);
/** The entry that selects an account's VPC in a region. */
const entryName = (region: string, account: string, select: VpcSelection = 'tags'): string =>
  select === 'ids' ? `workloads-${region}-${account}` : `workloads-${region}`;
const centralName = (region: string): string => `central-${region}`;

interface Ids {
  next(prefix: string): string;
}

function ids(seed: number, account: string): Ids {
  let counter = 0;
  return { next: (prefix) => `${prefix}-${hashHex(`${seed}/${account}/${(counter += 1)}`, 17)}` };
}

const centralTarget = (seed: number, region: string): string => `tmt-${hashHex(`${seed}/central/${region}`, 17)}`;

function securityRegion(seed: number, region: string, workloads: readonly string[]): SandboxRegion {
  const id = ids(seed, `${SECURITY}/${region}`);
  const vpc = id.next('vpc');
  const subnet = id.next('subnet');
  const arn = `arn:aws:elasticloadbalancing:${region}:${SECURITY}:loadbalancer/net/sensors/${hashHex(`${seed}/${region}/nlb`, 16)}`;
  return {
    vpcs: [{ id: vpc }],
    subnets: [{ id: subnet, vpcId: vpc, az: `${region}a` }],
    loadBalancers: [{ arn, name: 'sensors', subnets: [subnet] }],
    trafficMirrorTargets: [{ id: centralTarget(seed, region), networkLoadBalancerArn: arn, description: 'central sensors', sharedWith: [...workloads] }],
  };
}

function ownedFilter(id: Ids, policyName: string): SandboxFilter {
  return {
    id: id.next('tmf'),
    description: filterDescription(policyName, GENERATED_FILTER_NAME),
    tags: { ...ownershipTags(policyName, filterKey(GENERATED_FILTER_NAME)) },
    rules: (['ingress', 'egress'] as const).flatMap((direction) =>
      GENERATED_RULES.map((rule) => ({
        id: id.next('tmfr'),
        direction,
        number: rule.number,
        action: 'accept' as const,
        source: rule.source,
        destination: rule.destination,
        tags: { ...ownershipTags(policyName, ruleKey(GENERATED_FILTER_NAME, direction, rule.number)) },
      })),
    ),
  };
}

function workloadRegion(options: GenerateOrganizationOptions, account: string, region: string): SandboxRegion {
  const policyName = options.policyName ?? 'generated';
  const id = ids(options.seed, `${account}/${region}`);
  const vpc = id.next('vpc');
  const subnet = id.next('subnet');
  const filter = options.mirrored === true ? ownedFilter(id, policyName) : undefined;
  const instances = Array.from({ length: options.instancesPerRegion }, (_, index) => ({
    id: id.next('i'),
    type: TYPES[index % TYPES.length] ?? 'm5.large',
    state: 'running' as const,
    subnetId: subnet,
    interfaces: [{ id: id.next('eni'), deviceIndex: 0 }],
  }));
  const sessions: SandboxSession[] =
    filter === undefined
      ? []
      : instances.map((instance) => {
          const eni = instance.interfaces[0]?.id ?? '';
          return {
            id: id.next('tms'),
            networkInterfaceId: eni,
            targetId: centralTarget(options.seed, region),
            filterId: filter.id,
            sessionNumber: 1,
            description: sessionDescription(policyName, entryName(region, account, options.selectVpcs)),
            tags: { ...ownershipTags(policyName, sessionKey(entryName(region, account, options.selectVpcs), eni)) },
          };
        });
  return {
    vpcs: [{ id: vpc, tags: { mirroring: 'enabled' } }],
    subnets: [{ id: subnet, vpcId: vpc, az: `${region}a` }],
    instances,
    ...(filter === undefined ? {} : { trafficMirrorFilters: [filter], trafficMirrorSessions: sessions }),
  };
}

export function generateOrganization(options: GenerateOrganizationOptions): SandboxFile {
  const workloads = Array.from({ length: options.accounts }, (_, index) => workloadAccountId(index + 1));
  const role = { name: GENERATED_ROLE, trustedAccounts: [MANAGEMENT], externalId: GENERATED_EXTERNAL_ID };
  const security: SandboxMemberAccount = {
    accountId: SECURITY,
    accountAlias: 'security',
    roles: [role],
    regions: Object.fromEntries(options.regions.map((region) => [region, securityRegion(options.seed, region, workloads)])),
  };
  const members = workloads.map(
    (account, index): SandboxMemberAccount => ({
      accountId: account,
      accountAlias: `workload-${index + 1}`,
      roles: [role],
      regions: Object.fromEntries(options.regions.map((region) => [region, workloadRegion(options, account, region)])),
    }),
  );
  return {
    version: 1,
    accountId: MANAGEMENT,
    regions: {},
    organization: {
      managementAccountId: MANAGEMENT,
      organizationalUnits: [
        { id: GENERATED_WORKLOADS_UNIT, name: 'workloads', accounts: workloads },
        { id: 'ou-gen0-security', name: 'security', accounts: [SECURITY] },
      ],
    },
    accounts: [security, ...members],
  };
}

/** The policy of a generated organization: every workload VPC, region by region, to the shared target. */
export function generateOrganizationPolicy(
  file: SandboxFile,
  options: { readonly policyName?: string; readonly seed: number; readonly selectVpcs?: VpcSelection },
): string {
  const regions = Object.keys(file.accounts?.[0]?.regions ?? {});
  const common = (region: string) => ({ target: centralName(region), filter: GENERATED_FILTER_NAME, regions: [region] });
  const workloads = (file.accounts ?? []).filter((account) => account.accountId !== SECURITY);
  const vpcs =
    options.selectVpcs === 'ids'
      ? workloads.flatMap((account) =>
          regions.flatMap((region) =>
            (account.regions[region]?.vpcs ?? []).map((vpc) => ({
              name: entryName(region, account.accountId, 'ids'),
              id: vpc.id,
              ...common(region),
              accounts: [account.accountId],
            })),
          ),
        )
      : regions.map((region) => ({ name: entryName(region, ''), tags: { mirroring: 'enabled' }, ...common(region) }));
  const rules = GENERATED_RULES.map((rule) => ({ number: rule.number, action: 'accept', source: rule.source, destination: rule.destination }));
  const policy = {
    version: 1,
    name: options.policyName ?? 'generated',
    regions,
    accounts: {
      organization: { organizationalUnits: [GENERATED_WORKLOADS_UNIT] },
      roleName: GENERATED_ROLE,
      externalId: GENERATED_EXTERNAL_ID,
    },
    targets: Object.fromEntries(regions.map((region) => [centralName(region), { trafficMirrorTargetId: centralTarget(options.seed, region), region }])),
    filters: { [GENERATED_FILTER_NAME]: { ingress: rules, egress: rules } },
    vpcs,
  };
  return stringify(policy, { lineWidth: 0, aliasDuplicateObjects: false });
}
