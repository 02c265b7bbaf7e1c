/** DescribeVpcs, DescribeSubnets, DescribeInstances, DescribeNetworkInterfaces. */
import type {
  DescribeInstancesRequest,
  DescribeInstancesResult,
  DescribeNetworkInterfacesRequest,
  DescribeNetworkInterfacesResult,
  DescribeSubnetsRequest,
  DescribeSubnetsResult,
  DescribeVpcsRequest,
  DescribeVpcsResult,
} from '@aws-sdk/client-ec2';
import { defineAction, EC2_DESCRIBE_BOUNDS, type ActionTable } from '../sim/action.js';
import { describe } from '../sim/describe.js';
import type { FilterFields } from '../sim/describe-filters.js';
import { hashHex } from '../sim/ids.js';
import type { EniRecord, InstanceRecord, SubnetRecord, VpcRecord } from '../sim/records.js';
import type { ThrottleCategory } from '../sim/throttle.js';
import { renderInstance, renderNetworkInterface, renderSubnet, renderVpc } from './render.js';

const vpcFields = (accountId: string): FilterFields<VpcRecord> => ({
  'vpc-id': (vpc) => vpc.id,
  cidr: (vpc) => vpc.cidr,
  'cidr-block-association.cidr-block': (vpc) => vpc.cidr,
  state: () => 'available',
  'is-default': () => false,
  'owner-id': () => accountId,
});

const subnetFields = (accountId: string): FilterFields<SubnetRecord> => ({
  'subnet-id': (subnet) => subnet.id,
  'vpc-id': (subnet) => subnet.vpcId,
  'availability-zone': (subnet) => subnet.az,
  'cidr-block': (subnet) => subnet.cidr,
  state: () => 'available',
  'owner-id': () => accountId,
});

/** EC2 gives unfiltered, unpaginated DescribeInstances/DescribeNetworkInterfaces a smaller bucket. */
const describeBucket = (input: { Filters?: unknown; MaxResults?: number | undefined }): ThrottleCategory =>
  input.Filters === undefined && input.MaxResults === undefined ? 'unfiltered-non-mutating' : 'non-mutating';

export const networkActions: ActionTable = {
  DescribeVpcs: defineAction({
    throttle: 'non-mutating',
    mutating: false,
    handler: (context, input: DescribeVpcsRequest): DescribeVpcsResult => {
      const page = describe(context, {
        input,
        collection: context.region.vpcs,
        ids: input.VpcIds,
        fields: vpcFields(context.accountId),
        tagsOf: (vpc) => vpc.tags,
        bounds: EC2_DESCRIBE_BOUNDS,
      });
      return { Vpcs: page.items.map((vpc) => renderVpc(vpc, context.accountId)), NextToken: page.nextToken };
    },
  }),

  DescribeSubnets: defineAction({
    throttle: 'non-mutating',
    mutating: false,
    handler: (context, input: DescribeSubnetsRequest): DescribeSubnetsResult => {
      const page = describe(context, {
        input,
        collection: context.region.subnets,
        ids: input.SubnetIds,
        fields: subnetFields(context.accountId),
        tagsOf: (subnet) => subnet.tags,
        bounds: EC2_DESCRIBE_BOUNDS,
      });
      return { Subnets: page.items.map((subnet) => renderSubnet(subnet, context.accountId)), NextToken: page.nextToken };
    },
  }),

  DescribeInstances: defineAction({
    throttle: describeBucket,
    mutating: false,
    handler: (context, input: DescribeInstancesRequest): DescribeInstancesResult => {
      const { region, accountId } = context;
      const vpcOf = (instance: InstanceRecord) => region.subnets.get(instance.subnetId)?.vpcId;
      const interfaces = (instance: InstanceRecord) =>
        instance.interfaceIds.flatMap((id) => {
          const eni = region.networkInterfaces.get(id);
          return eni ? [eni] : [];
        });
      const fields: FilterFields<InstanceRecord> = {
        'instance-id': (instance) => instance.id,
        'instance-type': (instance) => instance.type,
        'instance-state-name': (instance) => instance.state,
        'vpc-id': vpcOf,
        'subnet-id': (instance) => instance.subnetId,
        'availability-zone': (instance) => region.subnets.get(instance.subnetId)?.az,
        'owner-id': () => accountId,
        'reservation-id': (instance) => reservationId(instance.id),
        'network-interface.network-interface-id': (instance) => instance.interfaceIds,
        'network-interface.subnet-id': (instance) => interfaces(instance).map((eni) => eni.subnetId),
        'network-interface.vpc-id': (instance) => interfaces(instance).map((eni) => eni.vpcId),
        'network-interface.interface-type': (instance) => interfaces(instance).map((eni) => eni.type),
      };
      const page = describe(context, {
        input,
        collection: region.instances,
        ids: input.InstanceIds,
        idsParameter: 'instancesSet',
        fields,
        tagsOf: (instance) => instance.tags,
        bounds: EC2_DESCRIBE_BOUNDS,
      });
      return {
        // Each simulated instance was launched on its own, so each has its own reservation.
        Reservations: page.items.map((instance) => ({
          ReservationId: reservationId(instance.id),
          OwnerId: accountId,
          Groups: [],
          Instances: [renderInstance(instance, region, accountId, context.awsDetails)],
        })),
        NextToken: page.nextToken,
      };
    },
  }),

  DescribeNetworkInterfaces: defineAction({
    throttle: describeBucket,
    mutating: false,
    handler: (context, input: DescribeNetworkInterfacesRequest): DescribeNetworkInterfacesResult => {
      const { accountId } = context;
      const fields: FilterFields<EniRecord> = {
        'network-interface-id': (eni) => eni.id,
        'vpc-id': (eni) => eni.vpcId,
        'subnet-id': (eni) => eni.subnetId,
        'availability-zone': (eni) => eni.az,
        'interface-type': (eni) => eni.type,
        'requester-managed': (eni) => eni.requesterManaged,
        status: (eni) => eni.status,
        description: (eni) => eni.description ?? '',
        'owner-id': () => accountId,
        'attachment.instance-id': (eni) => eni.attachment?.instanceId,
        'attachment.instance-owner-id': (eni) => eni.attachment && accountId,
        'attachment.device-index': (eni) => eni.attachment?.deviceIndex,
        'attachment.status': (eni) => (eni.attachment ? 'attached' : undefined),
        'attachment.delete-on-termination': (eni) => eni.attachment?.deleteOnTermination,
      };
      const page = describe(context, {
        input,
        collection: context.region.networkInterfaces,
        ids: input.NetworkInterfaceIds,
        idsParameter: 'NetworkInterfaceId',
        fields,
        tagsOf: (eni) => eni.tags,
        bounds: EC2_DESCRIBE_BOUNDS,
      });
      return {
        NetworkInterfaces: page.items.map((eni) => renderNetworkInterface(eni, context.region, accountId, context.awsDetails)),
        NextToken: page.nextToken,
      };
    },
  }),
};

const reservationId = (instanceId: string): string => `r-${hashHex(`reservation/${instanceId}`, 17)}`;
