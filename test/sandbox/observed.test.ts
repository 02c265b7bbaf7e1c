import {
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeTrafficMirrorSessionsCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import type { ObservedAccount } from '../../src/core/types/observed.js';
import { createSandbox, observedToSandboxFile } from '../../src/sandbox/index.js';

const REGION = 'eu-west-1';
const id = (prefix: string, n: number) => `${prefix}-${n.toString(16).padStart(17, '0')}`;
const NLB = `arn:aws:elasticloadbalancing:${REGION}:123456789012:loadbalancer/net/sensors/00000000000000aa`;

const observed: ObservedAccount = {
  accountId: '123456789012',
  regions: [
    {
      region: REGION,
      vpcs: [{ id: id('vpc', 1), tags: { Name: 'prod' } }],
      instances: [
        { id: id('i', 1), type: 'm5.large', state: 'running', vpcId: id('vpc', 1), subnetId: id('subnet', 1), tags: { tier: 'web' } },
        { id: id('i', 2), type: 't2.micro', state: 'stopped', vpcId: id('vpc', 1), subnetId: id('subnet', 2), tags: {} },
      ],
      networkInterfaces: [
        {
          id: id('eni', 1), type: 'interface', vpcId: id('vpc', 1), subnetId: id('subnet', 1), status: 'in-use', requesterManaged: false,
          attachment: { instanceId: id('i', 1), deviceIndex: 0, deleteOnTermination: true }, tags: {},
        },
        {
          id: id('eni', 2), type: 'efa', vpcId: id('vpc', 1), subnetId: id('subnet', 1), status: 'in-use', requesterManaged: false,
          attachment: { instanceId: id('i', 1), deviceIndex: 1, deleteOnTermination: false }, tags: { role: 'hpc' },
        },
        {
          id: id('eni', 3), type: 'interface', vpcId: id('vpc', 1), subnetId: id('subnet', 2), status: 'in-use', requesterManaged: false,
          attachment: { instanceId: id('i', 2), deviceIndex: 0, deleteOnTermination: true }, tags: {},
        },
        { id: id('eni', 4), type: 'network_load_balancer', vpcId: id('vpc', 1), status: 'in-use', requesterManaged: true, description: 'ELB net/sensors/00000000000000aa', tags: {} },
      ],
      instanceTypes: [],
      targets: [{ id: id('tmt', 1), type: 'network-load-balancer', networkLoadBalancerArn: NLB, ownerId: '123456789012', tags: { k: 'v' } }],
      filters: [
        {
          id: id('tmf', 1), description: 'f', networkServices: ['amazon-dns'], tags: {},
          rules: [{ id: id('tmfr', 1), direction: 'egress', number: 5, action: 'reject', protocol: 6, source: '10.0.0.0/8', destination: '0.0.0.0/0', destinationPorts: { from: 22, to: 22 } }],
        },
      ],
      sessions: [
        { id: id('tms', 1), networkInterfaceId: id('eni', 1), targetId: id('tmt', 1), filterId: id('tmf', 1), sessionNumber: 2, packetLength: 8500, virtualNetworkId: 77, ownerId: '123456789012', tags: { a: 'b' } },
        { id: id('tms', 2), networkInterfaceId: id('eni', 99), targetId: id('tmt', 1), filterId: id('tmf', 1), sessionNumber: 1, ownerId: '123456789012', tags: {} },
      ],
    },
  ],
};

const loadBalancing = {
  region: REGION,
  loadBalancers: [
    {
      LoadBalancerArn: NLB, LoadBalancerName: 'sensors', Type: 'network' as const, Scheme: 'internal' as const, VpcId: id('vpc', 1),
      AvailabilityZones: [{ ZoneName: `${REGION}b`, SubnetId: id('subnet', 3) }],
    },
  ],
  targetGroups: [
    { TargetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:123456789012:targetgroup/tg/00000000000000bb`, TargetGroupName: 'tg', Protocol: 'UDP' as const, Port: 4789, VpcId: id('vpc', 1), TargetType: 'instance' as const },
  ],
  listeners: [
    {
      ListenerArn: `arn:aws:elasticloadbalancing:${REGION}:123456789012:listener/net/sensors/00000000000000aa/00000000000000cc`,
      LoadBalancerArn: NLB, Protocol: 'UDP' as const, Port: 4789,
      DefaultActions: [{ Type: 'forward' as const, TargetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:123456789012:targetgroup/tg/00000000000000bb` }],
    },
  ],
  attributes: { [NLB]: [{ Key: 'load_balancing.cross_zone.enabled', Value: 'true' }] },
};

describe('observedToSandboxFile', () => {
  it('builds a file the simulator answers with what was observed', async () => {
    const file = observedToSandboxFile(observed, [loadBalancing]);
    const sandbox = createSandbox(file);
    const ec2 = sandbox.ec2(REGION);
    const instances = await ec2.send(new DescribeInstancesCommand({}));
    expect(instances.Reservations?.flatMap((r) => r.Instances ?? []).map((i) => [i.InstanceId, i.State?.Name, i.NetworkInterfaces?.map((n) => [n.NetworkInterfaceId, n.InterfaceType, n.Attachment?.DeleteOnTermination])])).toEqual([
      [id('i', 1), 'running', [[id('eni', 1), 'interface', true], [id('eni', 2), 'efa', false]]],
      [id('i', 2), 'stopped', [[id('eni', 3), 'interface', true]]],
    ]);
    const nlbInterface = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [id('eni', 4)] }));
    expect(nlbInterface.NetworkInterfaces?.[0]).toMatchObject({ RequesterManaged: true, InterfaceType: 'network_load_balancer', VpcId: id('vpc', 1) });
    const sessions = await ec2.send(new DescribeTrafficMirrorSessionsCommand({}));
    expect(sessions.TrafficMirrorSessions).toEqual([
      expect.objectContaining({ TrafficMirrorSessionId: id('tms', 1), SessionNumber: 2, PacketLength: 8500, VirtualNetworkId: 77, Tags: [{ Key: 'a', Value: 'b' }] }),
    ]);

    const elb = sandbox.elbv2(REGION);
    const lbs = await elb.send(new DescribeLoadBalancersCommand({}));
    expect(lbs.LoadBalancers?.[0]).toMatchObject({ LoadBalancerArn: NLB, AvailabilityZones: [{ ZoneName: `${REGION}b`, SubnetId: id('subnet', 3) }] });
    expect((await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups?.[0]?.LoadBalancerArns).toEqual([NLB]);
    expect((await elb.send(new DescribeListenersCommand({ LoadBalancerArn: NLB }))).Listeners?.[0]?.Port).toBe(4789);
  });

  it('is stable through the simulator: toFile() of the loaded file gives the same file back', () => {
    const file = observedToSandboxFile(observed, [loadBalancing]);
    expect(createSandbox(file).toFile()).toEqual(createSandbox(createSandbox(file).toFile()).toFile());
    expect(file.regions[REGION]?.trafficMirrorFilters?.[0]?.rules?.[0]).toMatchObject({ protocol: 6, destinationPorts: { from: 22, to: 22 } });
  });
});
