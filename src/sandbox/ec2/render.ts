/** Simulator records rendered in the SDK's output shapes. Absent values are left out, as the SDK parses them. */
import type {
  _InstanceType,
  Instance,
  InstanceNetworkInterface,
  InstanceStateName,
  NetworkInterface,
  NetworkInterfaceStatus,
  NetworkInterfaceType,
  Subnet,
  TrafficMirrorFilter,
  TrafficMirrorFilterRule,
  TrafficMirrorNetworkService,
  TrafficMirrorSession,
  TrafficMirrorTarget,
  Vpc,
} from '@aws-sdk/client-ec2';
import type { TagMap } from '../file/types.js';
import type {
  EniRecord,
  FilterRecord,
  InstanceRecord,
  RuleRecord,
  SessionRecord,
  SubnetRecord,
  TargetRecord,
  VpcRecord,
} from '../sim/records.js';
import type { RegionState } from '../sim/region-state.js';
import { tagList } from '../sim/tags.js';
import { hashHex } from '../sim/ids.js';
import { attachTime, instanceDetails, instanceInterfaceDetails, interfaceDetails } from './details.js';

/** EC2 leaves `tagSet` out of instances, VPCs and subnets without tags. */
const optionalTags = (tags: TagMap) => (Object.keys(tags).length > 0 ? { Tags: tagList(tags) } : {});

const STATE_CODES: Readonly<Record<InstanceStateName, number>> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

/** AWS's default packet length for sessions whose target is a Network Load Balancer (model doc). */
const NLB_DEFAULT_PACKET_LENGTH = 8500;

export const renderVpc = (vpc: VpcRecord, accountId: string): Vpc => ({
  VpcId: vpc.id,
  ...(vpc.cidr === undefined ? {} : { CidrBlock: vpc.cidr }),
  State: 'available',
  OwnerId: accountId,
  IsDefault: false,
  InstanceTenancy: 'default',
  ...optionalTags(vpc.tags),
});

export const renderSubnet = (subnet: SubnetRecord, accountId: string): Subnet => ({
  SubnetId: subnet.id,
  VpcId: subnet.vpcId,
  AvailabilityZone: subnet.az,
  ...(subnet.cidr === undefined ? {} : { CidrBlock: subnet.cidr }),
  State: 'available',
  OwnerId: accountId,
  DefaultForAz: false,
  ...optionalTags(subnet.tags),
});

const attachmentId = (eniId: string): string => `eni-attach-${hashHex(eniId, 17)}`;

/**
 * What manages an instance or one of its interfaces: a service (`Operator.Managed`, with its principal when
 * the instance names one), or nothing said.
 */
const operatorOf = (managed: boolean, principal: string | undefined) =>
  managed ? { Operator: { Managed: true, ...(principal === undefined ? {} : { Principal: principal }) } } : {};

function renderInstanceInterface(eni: EniRecord, region: RegionState, accountId: string, details: boolean, operator: string | undefined): InstanceNetworkInterface {
  return {
    ...(details && instanceInterfaceDetails({ id: eni.id, vpcId: eni.vpcId, region: region.name, instanceId: eni.attachment?.instanceId })),
    NetworkInterfaceId: eni.id,
    SubnetId: eni.subnetId,
    VpcId: eni.vpcId,
    OwnerId: accountId,
    Status: eni.status as NetworkInterfaceStatus,
    InterfaceType: eni.type,
    Description: eni.description ?? '',
    ...operatorOf(eni.requesterManaged, operator),
    ...(eni.attachment && {
      Attachment: {
        AttachmentId: attachmentId(eni.id),
        ...(details && { AttachTime: attachTime(eni.id) }),
        DeviceIndex: eni.attachment.deviceIndex,
        NetworkCardIndex: 0,
        Status: 'attached',
        DeleteOnTermination: eni.attachment.deleteOnTermination,
      },
    }),
  };
}

/** `details`: also what AWS reports and mirrorctl never reads (details.ts), for answers of AWS's size. */
export function renderInstance(instance: InstanceRecord, region: RegionState, accountId: string, details = false): Instance {
  const subnet = region.subnets.get(instance.subnetId);
  const attached = instance.interfaceIds.flatMap((id) => {
    const eni = region.networkInterfaces.get(id);
    return eni ? [eni] : [];
  });
  // Terminated instances have left their network: AWS drops VPC, subnet and interfaces from the description.
  const terminated = instance.state === 'terminated';
  const vpcId = terminated ? undefined : subnet?.vpcId;
  return {
    ...(details && instanceDetails({ id: instance.id, type: instance.type, region: region.name, vpcId })),
    InstanceId: instance.id,
    InstanceType: instance.type as _InstanceType,
    State: { Code: STATE_CODES[instance.state], Name: instance.state },
    Placement: { AvailabilityZone: subnet?.az ?? `${region.name}a`, Tenancy: 'default' },
    ...(terminated ? {} : { SubnetId: instance.subnetId, ...(subnet && { VpcId: subnet.vpcId }) }),
    NetworkInterfaces: terminated
      ? []
      : attached
          .sort((a, b) => (a.attachment?.deviceIndex ?? 0) - (b.attachment?.deviceIndex ?? 0))
          .map((eni) => renderInstanceInterface(eni, region, accountId, details, instance.operator)),
    ...operatorOf(instance.operator !== undefined, instance.operator),
    ...optionalTags(instance.tags),
  };
}

export function renderNetworkInterface(eni: EniRecord, region: RegionState, accountId: string, details = false): NetworkInterface {
  return {
    ...(details && interfaceDetails({ id: eni.id, vpcId: eni.vpcId, region: region.name, instanceId: eni.attachment?.instanceId })),
    NetworkInterfaceId: eni.id,
    SubnetId: eni.subnetId,
    VpcId: eni.vpcId,
    AvailabilityZone: eni.az,
    InterfaceType: eni.type as NetworkInterfaceType,
    RequesterManaged: eni.requesterManaged,
    Status: eni.status as NetworkInterfaceStatus,
    OwnerId: accountId,
    Description: eni.description ?? '',
    TagSet: tagList(eni.tags),
    ...(eni.attachment && {
      Attachment: {
        AttachmentId: attachmentId(eni.id),
        ...(details && { AttachTime: attachTime(eni.id) }),
        InstanceId: eni.attachment.instanceId,
        InstanceOwnerId: accountId,
        DeviceIndex: eni.attachment.deviceIndex,
        NetworkCardIndex: 0,
        Status: 'attached',
        DeleteOnTermination: eni.attachment.deleteOnTermination,
      },
    }),
  };
}

export function targetType(target: TargetRecord): 'network-interface' | 'network-load-balancer' | 'gateway-load-balancer-endpoint' {
  if (target.networkInterfaceId !== undefined) return 'network-interface';
  if (target.networkLoadBalancerArn !== undefined) return 'network-load-balancer';
  return 'gateway-load-balancer-endpoint';
}

export const renderTarget = (target: TargetRecord): TrafficMirrorTarget => ({
  TrafficMirrorTargetId: target.id,
  ...(target.networkInterfaceId === undefined ? {} : { NetworkInterfaceId: target.networkInterfaceId }),
  ...(target.networkLoadBalancerArn === undefined ? {} : { NetworkLoadBalancerArn: target.networkLoadBalancerArn }),
  ...(target.gatewayLoadBalancerEndpointId === undefined
    ? {}
    : { GatewayLoadBalancerEndpointId: target.gatewayLoadBalancerEndpointId }),
  Type: targetType(target),
  ...(target.description === undefined ? {} : { Description: target.description }),
  OwnerId: target.ownerId,
  Tags: tagList(target.tags),
});

export function renderRule(rule: RuleRecord, withTags = true): TrafficMirrorFilterRule {
  const ports = (range: RuleRecord['sourcePorts']) => range && { FromPort: range.from, ToPort: range.to };
  return {
    TrafficMirrorFilterRuleId: rule.id,
    TrafficMirrorFilterId: rule.filterId,
    TrafficDirection: rule.direction,
    RuleNumber: rule.number,
    RuleAction: rule.action,
    ...(rule.protocol === undefined ? {} : { Protocol: rule.protocol }),
    ...(rule.destinationPorts && { DestinationPortRange: ports(rule.destinationPorts) }),
    ...(rule.sourcePorts && { SourcePortRange: ports(rule.sourcePorts) }),
    DestinationCidrBlock: rule.destination,
    SourceCidrBlock: rule.source,
    ...(rule.description === undefined ? {} : { Description: rule.description }),
    ...(withTags ? { Tags: tagList(rule.tags) } : {}),
  };
}

export function renderFilter(filter: FilterRecord, region: RegionState): TrafficMirrorFilter {
  const rules = filter.ruleIds
    .flatMap((id) => {
      const rule = region.rules.get(id);
      return rule ? [rule] : [];
    })
    .sort((a, b) => a.number - b.number);
  return {
    TrafficMirrorFilterId: filter.id,
    IngressFilterRules: rules.filter((rule) => rule.direction === 'ingress').map((rule) => renderRule(rule)),
    EgressFilterRules: rules.filter((rule) => rule.direction === 'egress').map((rule) => renderRule(rule)),
    NetworkServices: filter.networkServices as TrafficMirrorNetworkService[],
    ...(filter.description === undefined ? {} : { Description: filter.description }),
    Tags: tagList(filter.tags),
  };
}

/** An NLB target gets AWS's default packet length when the session sets none. */
export function effectivePacketLength(session: SessionRecord, region: RegionState): number | undefined {
  if (session.packetLength !== undefined) return session.packetLength;
  const target = region.targets.get(session.targetId);
  return target?.networkLoadBalancerArn !== undefined ? NLB_DEFAULT_PACKET_LENGTH : undefined;
}

export function renderSession(session: SessionRecord, region: RegionState): TrafficMirrorSession {
  const packetLength = effectivePacketLength(session, region);
  return {
    TrafficMirrorSessionId: session.id,
    TrafficMirrorTargetId: session.targetId,
    TrafficMirrorFilterId: session.filterId,
    NetworkInterfaceId: session.networkInterfaceId,
    OwnerId: session.ownerId,
    ...(packetLength === undefined ? {} : { PacketLength: packetLength }),
    SessionNumber: session.sessionNumber,
    VirtualNetworkId: session.virtualNetworkId,
    ...(session.description === undefined ? {} : { Description: session.description }),
    Tags: tagList(session.tags),
  };
}
