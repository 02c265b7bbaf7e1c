/** SDK shapes of VPCs, instances, network interfaces and instance types → observed types. */
import type { Instance, InstanceTypeInfo, NetworkInterface, Vpc } from '@aws-sdk/client-ec2';
import type {
  InstanceState,
  ObservedInstance,
  ObservedInstanceType,
  ObservedNetworkInterface,
  ObservedVpc,
} from '../../core/types/observed.js';
import { compare, oneOf, present, required, tagRecord } from './fields.js';

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
    type: required(instance.InstanceType, 'InstanceType'),
    state: oneOf(instance.State?.Name, INSTANCE_STATES, 'State.Name'),
    ...present('vpcId', instance.VpcId),
    ...present('subnetId', instance.SubnetId),
    ...present('availabilityZone', instance.Placement?.AvailabilityZone),
    tags: tagRecord(instance.Tags),
  };
}

export function toNetworkInterface(eni: NetworkInterface): ObservedNetworkInterface {
  const attachment = eni.Attachment;
  return {
    id: required(eni.NetworkInterfaceId, 'NetworkInterfaceId'),
    type: required(eni.InterfaceType, 'InterfaceType'),
    vpcId: required(eni.VpcId, 'VpcId'),
    ...present('subnetId', eni.SubnetId),
    ...present('availabilityZone', eni.AvailabilityZone),
    ...present('status', eni.Status),
    ...present('description', eni.Description),
    requesterManaged: eni.RequesterManaged ?? false,
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
    tags: tagRecord(eni.TagSet),
  };
}

/** The primary and secondary private IPv4 addresses: an NLB's IP targets are matched on them. */
function privateIps(eni: NetworkInterface): string[] | undefined {
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
