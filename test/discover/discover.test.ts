import { describe, expect, it } from 'vitest';
import type { DiscoveryProgress } from '../../src/aws/discover/index.js';
import type { ObservedRegion } from '../../src/core/types/observed.js';
import type { SandboxFile } from '../../src/sandbox/index.js';
import { discoveryOf } from './helpers/sandbox.js';

const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const NLB_ARN = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/net/sensors/50dc6c495c0c9188`;
const LEGACY_NLB_ARN = `arn:aws:elasticloadbalancing:eu-west-1:${OTHER_ACCOUNT}:loadbalancer/net/tap/6f3a0b1e2d4c5a79`;

/** A small account as a demo would hold it: two VPCs, a mirrored web server, a stopped host, an NLB. */
function demoAccount(): SandboxFile {
  return {
    version: 1,
    accountId: ACCOUNT,
    regions: {
      'eu-west-1': {
        vpcs: [
          { id: 'vpc-0000000b', tags: { Name: 'prod', team: 'web' } },
          { id: 'vpc-0000000a' },
        ],
        subnets: [
          { id: 'subnet-0000000b', vpcId: 'vpc-0000000b', az: 'eu-west-1a' },
          { id: 'subnet-0000000a', vpcId: 'vpc-0000000a', az: 'eu-west-1b' },
        ],
        instances: [
          {
            id: 'i-0000000b',
            type: 'm5.large',
            state: 'running',
            subnetId: 'subnet-0000000b',
            tags: { Name: 'web-1' },
            interfaces: [
              { id: 'eni-000000b0', deviceIndex: 0 },
              { id: 'eni-000000b1', deviceIndex: 1, description: 'data plane', tags: { role: 'data' } },
            ],
          },
          {
            id: 'i-0000000a',
            type: 't2.micro',
            state: 'stopped',
            subnetId: 'subnet-0000000a',
            interfaces: [{ id: 'eni-000000a0', deviceIndex: 0 }],
          },
          { id: 'i-0000000c', type: 'c5.large', state: 'terminated', subnetId: 'subnet-0000000a', interfaces: [] },
        ],
        networkInterfaces: [
          {
            id: 'eni-000000c0',
            subnetId: 'subnet-0000000b',
            type: 'network_load_balancer',
            description: 'ELB net/sensors/50dc6c495c0c9188',
            requesterManaged: true,
            status: 'in-use',
          },
          { id: 'eni-000000d0', subnetId: 'subnet-0000000a' },
        ],
        loadBalancers: [{ arn: NLB_ARN, name: 'sensors', subnets: ['subnet-0000000b'] }],
        trafficMirrorTargets: [
          {
            id: 'tmt-0000000a',
            networkLoadBalancerArn: LEGACY_NLB_ARN,
            ownerId: OTHER_ACCOUNT,
            tags: { Name: 'legacy-tap' },
          },
          {
            id: 'tmt-0000000b',
            networkLoadBalancerArn: NLB_ARN,
            description: 'sensors',
            tags: { 'mirrorctl:policy': 'demo', 'mirrorctl:key': 'target/sensors' },
          },
        ],
        trafficMirrorFilters: [
          {
            id: 'tmf-0000000a',
            description: 'web traffic',
            networkServices: ['amazon-dns'],
            tags: { 'mirrorctl:policy': 'demo' },
            rules: [
              {
                id: 'tmfr-0000000a',
                direction: 'egress',
                number: 20,
                action: 'reject',
                source: '0.0.0.0/0',
                destination: '10.0.0.0/8',
              },
              {
                id: 'tmfr-0000000b',
                direction: 'ingress',
                number: 10,
                action: 'accept',
                protocol: 6,
                source: '0.0.0.0/0',
                destination: '10.1.0.0/16',
                sourcePorts: { from: 1024, to: 65535 },
                destinationPorts: { from: 443, to: 443 },
                description: 'https in',
              },
            ],
          },
        ],
        trafficMirrorSessions: [
          {
            id: 'tms-0000000b',
            networkInterfaceId: 'eni-000000b0',
            targetId: 'tmt-0000000b',
            filterId: 'tmf-0000000a',
            sessionNumber: 2,
            packetLength: 128,
            virtualNetworkId: 4242,
            description: 'mirror web-1',
            tags: { 'mirrorctl:policy': 'demo' },
          },
          {
            id: 'tms-0000000a',
            networkInterfaceId: 'eni-000000b0',
            targetId: 'tmt-0000000a',
            filterId: 'tmf-0000000a',
            sessionNumber: 1,
            virtualNetworkId: 7,
            ownerId: OTHER_ACCOUNT,
          },
        ],
      },
    },
  };
}

const expectedDemoRegion: ObservedRegion = {
  region: 'eu-west-1',
  vpcs: [
    { id: 'vpc-0000000a', tags: {} },
    { id: 'vpc-0000000b', tags: { Name: 'prod', team: 'web' } },
  ],
  instances: [
    {
      id: 'i-0000000a',
      type: 't2.micro',
      state: 'stopped',
      vpcId: 'vpc-0000000a',
      subnetId: 'subnet-0000000a',
      availabilityZone: 'eu-west-1b',
      tags: {},
    },
    {
      id: 'i-0000000b',
      type: 'm5.large',
      state: 'running',
      vpcId: 'vpc-0000000b',
      subnetId: 'subnet-0000000b',
      availabilityZone: 'eu-west-1a',
      tags: { Name: 'web-1' },
    },
  ],
  // The instances' interfaces and those AWS manages; not the detached eni-000000d0, which nothing names.
  // Interface tags are not observed (DescribeInstances does not report them).
  networkInterfaces: [
    {
      id: 'eni-000000a0',
      type: 'interface',
      vpcId: 'vpc-0000000a',
      subnetId: 'subnet-0000000a',
      availabilityZone: 'eu-west-1b',
      status: 'in-use',
      description: '',
      requesterManaged: false,
      attachment: { instanceId: 'i-0000000a', deviceIndex: 0, deleteOnTermination: true },
    },
    {
      id: 'eni-000000b0',
      type: 'interface',
      vpcId: 'vpc-0000000b',
      subnetId: 'subnet-0000000b',
      availabilityZone: 'eu-west-1a',
      status: 'in-use',
      description: '',
      requesterManaged: false,
      attachment: { instanceId: 'i-0000000b', deviceIndex: 0, deleteOnTermination: true },
    },
    {
      id: 'eni-000000b1',
      type: 'interface',
      vpcId: 'vpc-0000000b',
      subnetId: 'subnet-0000000b',
      availabilityZone: 'eu-west-1a',
      status: 'in-use',
      description: 'data plane',
      requesterManaged: false,
      attachment: { instanceId: 'i-0000000b', deviceIndex: 1, deleteOnTermination: false },
    },
    {
      id: 'eni-000000c0',
      type: 'network_load_balancer',
      vpcId: 'vpc-0000000b',
      subnetId: 'subnet-0000000b',
      availabilityZone: 'eu-west-1a',
      status: 'in-use',
      description: 'ELB net/sensors/50dc6c495c0c9188',
      requesterManaged: true,
    },
  ],
  // Only the types of live instances: the terminated c5.large is not asked for.
  instanceTypes: [
    { type: 'm5.large', bareMetal: false, hypervisor: 'nitro' },
    { type: 't2.micro', bareMetal: false, hypervisor: 'xen' },
  ],
  targets: [
    {
      id: 'tmt-0000000a',
      type: 'network-load-balancer',
      networkLoadBalancerArn: LEGACY_NLB_ARN,
      ownerId: OTHER_ACCOUNT,
      tags: { Name: 'legacy-tap' },
    },
    {
      id: 'tmt-0000000b',
      type: 'network-load-balancer',
      networkLoadBalancerArn: NLB_ARN,
      description: 'sensors',
      ownerId: ACCOUNT,
      tags: { 'mirrorctl:key': 'target/sensors', 'mirrorctl:policy': 'demo' },
    },
  ],
  filters: [
    {
      id: 'tmf-0000000a',
      description: 'web traffic',
      networkServices: ['amazon-dns'],
      // Sorted by id, not by direction or number.
      rules: [
        {
          id: 'tmfr-0000000a',
          direction: 'egress',
          number: 20,
          action: 'reject',
          source: '0.0.0.0/0',
          destination: '10.0.0.0/8',
        },
        {
          id: 'tmfr-0000000b',
          direction: 'ingress',
          number: 10,
          action: 'accept',
          protocol: 6,
          source: '0.0.0.0/0',
          destination: '10.1.0.0/16',
          sourcePorts: { from: 1024, to: 65535 },
          destinationPorts: { from: 443, to: 443 },
          description: 'https in',
        },
      ],
      tags: { 'mirrorctl:policy': 'demo' },
    },
  ],
  sessions: [
    {
      id: 'tms-0000000a',
      networkInterfaceId: 'eni-000000b0',
      targetId: 'tmt-0000000a',
      filterId: 'tmf-0000000a',
      sessionNumber: 1,
      // AWS's default for a session whose target is a Network Load Balancer.
      packetLength: 8500,
      virtualNetworkId: 7,
      ownerId: OTHER_ACCOUNT,
      tags: {},
    },
    {
      id: 'tms-0000000b',
      networkInterfaceId: 'eni-000000b0',
      targetId: 'tmt-0000000b',
      filterId: 'tmf-0000000a',
      sessionNumber: 2,
      packetLength: 128,
      virtualNetworkId: 4242,
      description: 'mirror web-1',
      ownerId: ACCOUNT,
      tags: { 'mirrorctl:policy': 'demo' },
    },
  ],
};

describe('discover', () => {
  it('observes what the planner reads, sorted by id', async () => {
    const { run } = discoveryOf(demoAccount());

    const observed = await run({ regions: ['eu-west-1'] });

    expect(observed).toEqual({ accountId: ACCOUNT, regions: [expectedDemoRegion] });
  });

  it('leaves absent optional fields out rather than undefined', async () => {
    const { run } = discoveryOf(demoAccount());

    const region = (await run({ regions: ['eu-west-1'] })).regions[0];
    const egress = region?.filters[0]?.rules.find((rule) => rule.direction === 'egress');

    expect(egress === undefined ? [] : Object.keys(egress).sort()).toEqual(
      ['action', 'destination', 'direction', 'id', 'number', 'source'],
    );
    expect(Object.keys(region?.targets[0] ?? {})).not.toContain('description');
  });

  it('reads one page per Describe action in a small account', async () => {
    const { sandbox, run } = discoveryOf(demoAccount());

    await run({ regions: ['eu-west-1'] });

    expect(sandbox.calls.byAction).toEqual({
      DescribeVpcs: 1,
      DescribeInstances: 1,
      DescribeNetworkInterfaces: 1,
      DescribeInstanceTypes: 1,
      DescribeTrafficMirrorTargets: 1,
      DescribeTrafficMirrorFilters: 1,
      DescribeTrafficMirrorSessions: 1,
    });
    expect(sandbox.calls.mutating()).toBe(0);
  });

  it('returns an empty region, and no account id, for an empty account', async () => {
    const { run } = discoveryOf({ version: 1, accountId: ACCOUNT, regions: {} });

    const observed = await run({ regions: ['sa-east-1'] });

    expect(observed).toEqual({
      regions: [
        {
          region: 'sa-east-1',
          vpcs: [],
          instances: [],
          networkInterfaces: [],
          instanceTypes: [],
          targets: [],
          filters: [],
          sessions: [],
        },
      ],
    });
  });

  it('reports progress per region and action, ending with the full counts', async () => {
    const { run } = discoveryOf(demoAccount(), { pageSize: 5 });
    const events: DiscoveryProgress[] = [];

    await run({ regions: ['eu-west-1'], onProgress: (event) => events.push(event) });

    const last = new Map(events.map((event) => [event.action, event]));
    // Only the interfaces AWS manages: the others come with their instances.
    expect(last.get('DescribeNetworkInterfaces')).toEqual({
      region: 'eu-west-1',
      action: 'DescribeNetworkInterfaces',
      pages: 1,
      items: 1,
    });
    expect(last.get('DescribeInstances')).toMatchObject({ pages: 1, items: 2 });
    expect(last.get('DescribeTrafficMirrorSessions')).toMatchObject({ pages: 1, items: 2 });
    expect(new Set(events.map((event) => event.region))).toEqual(new Set(['eu-west-1']));
  });
});
