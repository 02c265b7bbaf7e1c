/**
 * What EC2 reports about an instance or an interface that mirrorctl never reads: AMI, launch time, block
 * devices, security groups, metadata options, MAC addresses… The simulator reports them so that a Describe
 * page has the size and shape AWS's has (about 4.5 KB of XML per instance, 4.5 MB per page of 1,000), which
 * is what a client pays to transfer and parse over the wire (`mirrorctl sandbox serve`, the bench's wire mode).
 *
 * Every value is derived from the resource's id, so answers are the same on every run. Private IP addresses
 * stay out: the simulator has none (SPEC.md), and an invented address could match an NLB's registered IP
 * targets. The hostnames use EC2's resource-name form, which names the instance rather than an address.
 */
import type { Instance, InstanceNetworkInterface, NetworkInterface } from '@aws-sdk/client-ec2';
import { hashHex } from '../sim/ids.js';

/** One hash per resource: each derived value takes a different slice of it. */
const digest = (id: string): string => hashHex(`details/${id}`, 64);

const slice = (hex: string, from: number, length: number): string => hex.slice(from, from + length);

const hexNumber = (hex: string, from: number, length: number): number => Number.parseInt(slice(hex, from, length), 16);

/** A whole second in the first half of 2025, from the id. */
const launchTime = (hex: string): Date => new Date(Date.UTC(2025, 0, 1) + hexNumber(hex, 0, 6) * 1000);

const macAddress = (hex: string): string =>
  ['02', slice(hex, 8, 2), slice(hex, 10, 2), slice(hex, 12, 2), slice(hex, 14, 2), slice(hex, 16, 2)].join(':');

const securityGroup = (vpcId: string) => ({
  GroupId: `sg-${hashHex(`security-group/${vpcId}`, 17)}`,
  GroupName: `default-${vpcId.slice(-6)}`,
});

/** Graviton families (m7g, c6gn, r8gd…) run arm64. */
const architecture = (type: string): 'arm64' | 'x86_64' => (/^[a-z]+\dg/.test(type.split('.')[0] ?? '') ? 'arm64' : 'x86_64');

const resourceName = (instanceId: string, region: string): string =>
  region === 'us-east-1' ? `${instanceId}.ec2.internal` : `${instanceId}.${region}.compute.internal`;

export interface InstanceFacts {
  readonly id: string;
  readonly type: string;
  readonly region: string;
  readonly vpcId: string | undefined;
}

export function instanceDetails(instance: InstanceFacts): Partial<Instance> {
  const hex = digest(instance.id);
  const launched = launchTime(hex);
  const groups = instance.vpcId === undefined ? [] : [securityGroup(instance.vpcId)];
  return {
    ImageId: `ami-${slice(hex, 20, 17)}`,
    PrivateDnsName: resourceName(instance.id, instance.region),
    PublicDnsName: '',
    StateTransitionReason: '',
    KeyName: `ops-${slice(hex, 40, 4)}`,
    AmiLaunchIndex: 0,
    ProductCodes: [],
    LaunchTime: launched,
    Monitoring: { State: 'disabled' },
    Architecture: architecture(instance.type),
    RootDeviceType: 'ebs',
    RootDeviceName: '/dev/xvda',
    BlockDeviceMappings: [
      {
        DeviceName: '/dev/xvda',
        Ebs: { AttachTime: launched, DeleteOnTermination: true, Status: 'attached', VolumeId: `vol-${slice(hex, 37, 17)}` },
      },
    ],
    VirtualizationType: 'hvm',
    SecurityGroups: groups,
    SourceDestCheck: true,
    Hypervisor: 'xen',
    EbsOptimized: true,
    EnaSupport: true,
    CpuOptions: { CoreCount: 1, ThreadsPerCore: 2 },
    MetadataOptions: {
      State: 'applied',
      HttpTokens: 'required',
      HttpPutResponseHopLimit: 2,
      HttpEndpoint: 'enabled',
      HttpProtocolIpv6: 'disabled',
      InstanceMetadataTags: 'disabled',
    },
    PlatformDetails: 'Linux/UNIX',
    UsageOperation: 'RunInstances',
  };
}

export interface InterfaceFacts {
  readonly id: string;
  readonly vpcId: string;
  readonly region: string;
  /** The instance it is attached to, which names its hostname. */
  readonly instanceId: string | undefined;
}

/** The details an interface has both in DescribeNetworkInterfaces and inside an instance's description. */
function commonInterfaceDetails(eni: InterfaceFacts) {
  const hex = digest(eni.id);
  return {
    MacAddress: macAddress(hex),
    ...(eni.instanceId === undefined ? {} : { PrivateDnsName: resourceName(eni.instanceId, eni.region) }),
    SourceDestCheck: true,
    Groups: [securityGroup(eni.vpcId)],
    Ipv6Addresses: [],
  };
}

export const attachTime = (eniId: string): Date => launchTime(digest(eniId));

export const instanceInterfaceDetails = (eni: InterfaceFacts): Partial<InstanceNetworkInterface> => commonInterfaceDetails(eni);

export function interfaceDetails(eni: InterfaceFacts): Partial<NetworkInterface> {
  return { ...commonInterfaceDetails(eni), Ipv6Native: false, DenyAllIgwTraffic: false, SourceDestCheck: true };
}
