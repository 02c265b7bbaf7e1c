/**
 * SDK shapes of VPCs, instances, network interfaces and instance types → observed types. An interface reads
 * the same from DescribeNetworkInterfaces and from the instance it is attached to in DescribeInstances;
 * whether an AWS service manages it (`requesterManaged`) is the former's `RequesterManaged`, and the latter's
 * `Operator` (the instance's or the interface's). Interface tags are not observed: DescribeInstances does not
 * report them and the planner never reads them.
 */
import type { Instance, InstanceNetworkInterface, InstanceTypeInfo, NetworkInterface, Vpc } from '@aws-sdk/client-ec2';
import type {
  InstanceState,
  ObservedInstance,
  ObservedInstanceType,
  ObservedNetworkInterface,
  ObservedVpc,
} from '../../core/types/observed.js';
import { compare, oneOf, present, required, shared, tagRecord } from './fields.js';

const INSTANCE_STATES: readonly InstanceState[] = [
  'pending',
  'running',
  'stopping',
  'stopped',
  'shutting-down',
  'terminated',
];

export function toVpc(vpc: Vpc): ObservedVpc {
  return { id: required(vpc.VpcId, 'VpcId'), tags: tagRecord(vpc.Tags) };
}

export function toInstance(instance: Instance): ObservedInstance {
  return {
    id: required(instance.InstanceId, 'InstanceId'),
    type: shared(required(instance.InstanceType, 'InstanceType')),
    state: oneOf(instance.State?.Name, INSTANCE_STATES, 'State.Name'),
    ...present('vpcId', shared(instance.VpcId)),
    ...present('subnetId', shared(instance.SubnetId)),
    ...present('availabilityZone', shared(instance.Placement?.AvailabilityZone)),
    tags: tagRecord(instance.Tags),
  };
}

export function toNetworkInterface(eni: NetworkInterface): ObservedNetworkInterface {
  const attachment = eni.Attachment;
  return {
    id: required(eni.NetworkInterfaceId, 'NetworkInterfaceId'),
    type: shared(required(eni.InterfaceType, 'InterfaceType')),
    vpcId: shared(required(eni.VpcId, 'VpcId')),
    ...present('subnetId', shared(eni.SubnetId)),
    ...present('availabilityZone', shared(eni.AvailabilityZone)),
    ...present('status', shared(eni.Status)),
    ...present('description', shared(eni.Description)),
    requesterManaged: eni.RequesterManaged === true || eni.Operator?.Managed === true,
    ...(attachment === undefined
      ? {}
      : {
          attachment: {
            ...present('instanceId', attachment.InstanceId),
            ...present('deviceIndex', attachment.DeviceIndex),
            ...present('deleteOnTermination', attachment.DeleteOnTermination),
          },
        }),
    ...present('privateIpAddresses', privateIps(eni)),
  };
}

/**
 * The interfaces an instance's description lists. They are in the instance's Availability Zone (an interface
 * attaches only to an instance in its own zone). A service manages one when its `Operator` says so, or its
 * instance's does (EKS Auto Mode, ECS Managed Instances…): then it is never a source, as a requester-managed
 * interface is not.
 */
export function toInstanceInterfaces(instance: Instance): ObservedNetworkInterface[] {
  const instanceId = required(instance.InstanceId, 'InstanceId');
  const zone = shared(instance.Placement?.AvailabilityZone);
  const managedInstance = instance.Operator?.Managed === true;
  return (instance.NetworkInterfaces ?? []).map((eni: InstanceNetworkInterface) => {
    const id = required(eni.NetworkInterfaceId, 'NetworkInterfaces.NetworkInterfaceId');
    const attachment = eni.Attachment;
    return {
      id,
      type: shared(required(eni.InterfaceType, 'NetworkInterfaces.InterfaceType')),
      vpcId: shared(required(eni.VpcId, 'NetworkInterfaces.VpcId')),
      ...present('subnetId', shared(eni.SubnetId)),
      ...present('availabilityZone', zone),
      ...present('status', shared(eni.Status)),
      ...present('description', shared(eni.Description)),
      requesterManaged: managedInstance || eni.Operator?.Managed === true,
      attachment: {
        instanceId,
        ...present('deviceIndex', attachment?.DeviceIndex),
        ...present('deleteOnTermination', attachment?.DeleteOnTermination),
      },
      ...present('privateIpAddresses', privateIps(eni)),
    };
  });
}

/** The primary and secondary private IPv4 addresses: an NLB's IP targets are matched on them. */
function privateIps(eni: NetworkInterface | InstanceNetworkInterface): string[] | undefined {
  const addresses = new Set<string>();
  if (eni.PrivateIpAddress !== undefined) addresses.add(eni.PrivateIpAddress);
  for (const item of eni.PrivateIpAddresses ?? []) {
    if (item.PrivateIpAddress !== undefined) addresses.add(item.PrivateIpAddress);
  }
  return addresses.size === 0 ? undefined : [...addresses].sort(compare);
}

export function toInstanceType(info: InstanceTypeInfo): ObservedInstanceType {
  return {
    type: required(info.InstanceType, 'InstanceType'),
    bareMetal: info.BareMetal ?? false,
    ...present('hypervisor', info.Hypervisor),
  };
}
