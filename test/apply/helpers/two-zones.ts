/** A region with one VPC over two Availability Zones' subnets, and sensor-like hosts in them: the NLB and pool tests' world. */
import type { SandboxFile, SandboxInstance } from '../../../src/sandbox/index.js';

export const REGION = 'eu-west-1';
export const VPC = 'vpc-0000000a';
export const SUBNET_A = 'subnet-0000000a';
export const SUBNET_B = 'subnet-0000000b';

export const hex = (n: number): string => n.toString(16).padStart(8, '0');

/** A running m5.large with one interface, `eni-<n>`, in `subnetId`. */
export const host = (n: number, subnetId: string, tags: Record<string, string> = {}): SandboxInstance => ({
  id: `i-${hex(n)}`,
  type: 'm5.large',
  state: 'running',
  subnetId,
  tags,
  interfaces: [{ id: `eni-${hex(n)}`, deviceIndex: 0 }],
});

/** The account: the VPC, a subnet in each of two zones, and these instances. */
export const twoZoneAccount = (instances: readonly SandboxInstance[]): SandboxFile => ({
  version: 1,
  accountId: '123456789012',
  regions: {
    [REGION]: {
      vpcs: [{ id: VPC, cidr: '10.0.0.0/16' }],
      subnets: [
        { id: SUBNET_A, vpcId: VPC, az: `${REGION}a`, cidr: '10.0.0.0/20' },
        { id: SUBNET_B, vpcId: VPC, az: `${REGION}b`, cidr: '10.0.16.0/20' },
      ],
      instances: [...instances],
    },
  },
});
