/**
 * A small organization in one sandbox file: the management account (where the credentials start), a
 * security account whose Network Load Balancer target is shared through RAM with two workload accounts, and
 * a workload account outside the units the tests name.
 */
import type { SandboxFile, SandboxMemberAccount, SandboxRegion } from '../../src/sandbox/index.js';
import { hexId, REGION } from './fixture.js';

export const MANAGEMENT = '100000000001';
export const SECURITY = '200000000002';
export const WORKLOAD_A = '300000000003';
export const WORKLOAD_B = '300000000004';
export const OUTSIDER = '400000000005';
export const ROLE = 'mirrorctl-member';
export const EXTERNAL_ID = 'mirrorctl-org';

export const OU = { workloads: 'ou-ab12-workload', security: 'ou-ab12-security', nested: 'ou-ab12-nestedou' } as const;
export const ROOT = 'r-ab12';

export const SHARED_TARGET = hexId('tmt', 0xc0);
export const SECURITY_NLB = `arn:aws:elasticloadbalancing:${REGION}:${SECURITY}:loadbalancer/net/sensors/00000000000000c0`;

const role = { name: ROLE, trustedAccounts: [MANAGEMENT], externalId: EXTERNAL_ID };

/** A workload account: one VPC tagged for mirroring, `instances` m5.large instances of one interface each. */
export function workloadRegion(seed: number, instances: number): SandboxRegion {
  const vpc = hexId('vpc', seed);
  const subnet = hexId('subnet', seed);
  return {
    vpcs: [{ id: vpc, tags: { mirroring: 'enabled' } }],
    subnets: [{ id: subnet, vpcId: vpc, az: `${REGION}a` }],
    instances: Array.from({ length: instances }, (_, index) => ({
      id: hexId('i', seed * 0x100 + index),
      type: 'm5.large',
      state: 'running' as const,
      subnetId: subnet,
      interfaces: [{ id: hexId('eni', seed * 0x100 + index), deviceIndex: 0 }],
    })),
  };
}

function securityRegion(): SandboxRegion {
  const vpc = hexId('vpc', 0xc0);
  const subnet = hexId('subnet', 0xc0);
  return {
    vpcs: [{ id: vpc }],
    subnets: [{ id: subnet, vpcId: vpc, az: `${REGION}a` }],
    loadBalancers: [{ arn: SECURITY_NLB, name: 'sensors', subnets: [subnet] }],
    trafficMirrorTargets: [
      { id: SHARED_TARGET, networkLoadBalancerArn: SECURITY_NLB, description: 'central sensors', sharedWith: [WORKLOAD_A, WORKLOAD_B] },
    ],
  };
}

const member = (accountId: string, accountAlias: string, regions: Record<string, SandboxRegion>): SandboxMemberAccount => ({
  accountId,
  accountAlias,
  roles: [role],
  regions,
});

export function organizationFile(): SandboxFile {
  return {
    version: 1,
    accountId: MANAGEMENT,
    accountAlias: 'org-management',
    regions: {},
    organization: {
      managementAccountId: MANAGEMENT,
      rootId: ROOT,
      organizationalUnits: [
        { id: OU.workloads, name: 'workloads', accounts: [WORKLOAD_A] },
        { id: OU.nested, name: 'team-b', parentId: OU.workloads, accounts: [WORKLOAD_B] },
        { id: OU.security, name: 'security', accounts: [SECURITY] },
      ],
    },
    accounts: [
      member(SECURITY, 'security', { [REGION]: securityRegion() }),
      member(WORKLOAD_A, 'workload-a', { [REGION]: workloadRegion(0xa0, 2) }),
      member(WORKLOAD_B, 'workload-b', { [REGION]: workloadRegion(0xb0, 3) }),
      member(OUTSIDER, 'outsider', { [REGION]: workloadRegion(0xd0, 1) }),
    ],
  };
}
