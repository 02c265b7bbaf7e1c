/**
 * Discovery of the load balancers and target groups mirrorctl made: found by their tags (DescribeTags, 20
 * ARNs a call), read in detail for the planned policy only.
 */
import { describe, expect, it } from 'vitest';
import { KEY_TAG, MANAGED_BY_TAG, POLICY_TAG } from '../../src/core/ownership.js';
import type { SandboxFile, SandboxLoadBalancer, SandboxTargetGroup } from '../../src/sandbox/index.js';
import { discoveryOf } from './helpers/sandbox.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const VPC = 'vpc-00000000000000001';
const SUBNET_A = 'subnet-0000000000000000a';
const SUBNET_B = 'subnet-0000000000000000b';
const SENSOR = 'i-0000000000000000a';
const hex = (n: number): string => n.toString(16).padStart(16, '0');
const lbArn = (name: string, n: number) => `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/net/${name}/${hex(n)}`;
const groupArn = (name: string, n: number) => `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${name}/${hex(n)}`;
const owned = (policy: string, key: string) => ({ [MANAGED_BY_TAG]: 'mirrorctl', [POLICY_TAG]: policy, [KEY_TAG]: key });

/** 30 unrelated NLBs, ours (one listener, one sensor), another policy's, and an orphan group of ours. */
function account(): SandboxFile {
  const others: SandboxLoadBalancer[] = Array.from({ length: 30 }, (_, n) => ({ arn: lbArn(`app-${n}`, n + 100), name: `app-${n}`, subnets: [SUBNET_A] }));
  const loadBalancers: SandboxLoadBalancer[] = [
    ...others,
    {
      arn: lbArn('ours', 1),
      name: 'ours',
      subnets: [SUBNET_B, SUBNET_A],
      securityGroups: ['sg-0000000000000000a'],
      attributes: { 'load_balancing.cross_zone.enabled': 'true', 'deletion_protection.enabled': 'true' },
      tags: owned('demo', 'load-balancer/sensors'),
    },
    { arn: lbArn('theirs', 2), name: 'theirs', subnets: [SUBNET_A], tags: owned('other', 'load-balancer/sensors') },
  ];
  const targetGroups: SandboxTargetGroup[] = [
    {
      arn: groupArn('ours-vxlan', 1),
      name: 'ours-vxlan',
      protocol: 'UDP',
      port: 4789,
      vpcId: VPC,
      healthCheck: { protocol: 'HTTP', port: '8080', path: '/health', healthyThreshold: 3 },
      targets: [{ id: SENSOR }],
      tags: owned('demo', 'target-group/sensors'),
    },
    { arn: groupArn('orphan', 2), name: 'orphan', protocol: 'UDP', port: 4789, vpcId: VPC, tags: owned('demo', 'target-group/old') },
    { arn: groupArn('theirs-vxlan', 3), name: 'theirs-vxlan', protocol: 'UDP', port: 4789, vpcId: VPC, targets: [{ id: SENSOR }], tags: owned('other', 'target-group/sensors') },
  ];
  return {
    version: 1,
    accountId: ACCOUNT,
    regions: {
      [REGION]: {
        vpcs: [{ id: VPC, cidr: '10.0.0.0/16' }],
        subnets: [
          { id: SUBNET_A, vpcId: VPC, az: `${REGION}a`, cidr: '10.0.0.0/24' },
          { id: SUBNET_B, vpcId: VPC, az: `${REGION}b`, cidr: '10.0.1.0/24' },
        ],
        instances: [{ id: SENSOR, type: 'c5n.large', state: 'running', subnetId: SUBNET_A, interfaces: [{ id: 'eni-0000000000000000a', deviceIndex: 0 }] }],
        loadBalancers,
        targetGroups,
        listeners: [
          {
            arn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/net/ours/${hex(1)}/${hex(9)}`,
            loadBalancerArn: lbArn('ours', 1),
            protocol: 'UDP',
            port: 4789,
            targetGroupArn: groupArn('ours-vxlan', 1),
          },
        ],
      },
    },
  };
}

const ELB_READS = ['DescribeLoadBalancers', 'DescribeTargetGroups', 'DescribeTags', 'DescribeListeners', 'DescribeLoadBalancerAttributes', 'DescribeTargetHealth'];
const elbCalls = (byAction: Readonly<Record<string, number>>) =>
  Object.fromEntries(Object.entries(byAction).filter(([action]) => ELB_READS.includes(action)));

describe('discovery of the ELBv2 resources mirrorctl made', () => {
  it('finds them by tag, 20 ARNs per DescribeTags, and reads the policy’s own in detail only', async () => {
    const { sandbox, run } = discoveryOf(account());

    const observed = await run({ regions: [REGION], policyName: 'demo', subnets: true });

    const region = observed.regions[0];
    expect(region?.managedLoadBalancers).toEqual([
      {
        arn: lbArn('ours', 1),
        name: 'ours',
        vpcId: VPC,
        state: 'active',
        scheme: 'internal',
        zones: [
          { subnetId: SUBNET_A, availabilityZone: `${REGION}a` },
          { subnetId: SUBNET_B, availabilityZone: `${REGION}b` },
        ],
        securityGroups: ['sg-0000000000000000a'],
        crossZone: true,
        deletionProtection: true,
        listeners: [{ arn: expect.stringContaining(':listener/net/ours/'), protocol: 'UDP', port: 4789, targetGroupArn: groupArn('ours-vxlan', 1) }],
        tags: owned('demo', 'load-balancer/sensors'),
      },
      expect.objectContaining({ arn: lbArn('theirs', 2), listeners: [], tags: owned('other', 'load-balancer/sensors') }),
    ]);
    expect(region?.managedLoadBalancers?.[1]?.crossZone).toBeUndefined();
    expect(region?.managedTargetGroups?.map((group) => [group.name, group.loadBalancerArns, group.targets.map((target) => [target.id, target.state, target.port])])).toEqual([
      ['orphan', [], []],
      ['ours-vxlan', [lbArn('ours', 1)], [[SENSOR, 'healthy', 4789]]],
      ['theirs-vxlan', [], []],
    ]);
    expect(region?.managedTargetGroups?.[1]?.healthCheck).toEqual({
      protocol: 'HTTP',
      port: '8080',
      path: '/health',
      intervalSeconds: 30,
      timeoutSeconds: 6,
      healthyThreshold: 3,
      unhealthyThreshold: 2,
    });
    expect(region?.subnets?.map((subnet) => [subnet.id, subnet.availabilityZone])).toEqual([
      [SUBNET_A, `${REGION}a`],
      [SUBNET_B, `${REGION}b`],
    ]);
    // 32 load balancers and 3 groups: 35 ARNs are 2 DescribeTags calls. Details: the policy's load balancer
    // (listeners, attributes) and its two groups (health).
    expect(elbCalls(sandbox.calls.byAction)).toEqual({
      DescribeLoadBalancers: 1,
      DescribeTargetGroups: 1,
      DescribeTags: 2,
      DescribeListeners: 1,
      DescribeLoadBalancerAttributes: 1,
      DescribeTargetHealth: 2,
    });
  });

  it('reads nothing of ELBv2 and no subnets without a policy', async () => {
    const { sandbox, run } = discoveryOf(account());
    const observed = await run({ regions: [REGION] });
    expect(observed.regions[0]?.managedLoadBalancers).toBeUndefined();
    expect(observed.regions[0]?.subnets).toBeUndefined();
    expect(elbCalls(sandbox.calls.byAction)).toEqual({});
    expect(sandbox.calls.byAction['DescribeSubnets']).toBeUndefined();
  });

  it('fails closed when DescribeTags is refused', async () => {
    const file = { ...account(), deniedActions: ['elasticloadbalancing:DescribeTags'] };
    const { run } = discoveryOf(file);
    await expect(run({ regions: [REGION], policyName: 'demo' })).rejects.toThrow(/DescribeTags/);
  });
});
