/**
 * Turns what discovery observed (plus, optionally, the ELBv2 resources it described) into a sandbox file,
 * for `mirrorctl discover --out`: a snapshot of a real account that can be planned against offline.
 * Facts discovery does not collect take neutral values: VPC CIDRs are left out, and a subnet takes the zone
 * its instances, interfaces or load balancers report (the region's first zone only when none does). Sessions whose interface, target or filter was not
 * observed cannot be represented and are left out.
 */
import type {
  Listener,
  LoadBalancer,
  LoadBalancerAttribute,
  Tag,
  TargetDescription,
  TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ObservedAccount, ObservedRegion } from '../core/types/observed.js';
import type {
  SandboxFile,
  SandboxInstance,
  SandboxListener,
  SandboxLoadBalancer,
  SandboxRegion,
  SandboxSubnet,
  SandboxTargetGroup,
  TagMap,
} from './file/types.js';
import { ruleFields, sessionFields, tagsOrNothing } from './file/fields.js';
import { observedLoadBalancers } from './observed-load-balancers.js';
import { awsId } from './sim/ids.js';

/** ELBv2 resources of one region, as the SDK's Describe calls return them. */
export interface ObservedLoadBalancing {
  readonly region: string;
  readonly loadBalancers: readonly LoadBalancer[];
  readonly targetGroups?: readonly TargetGroup[];
  readonly listeners?: readonly Listener[];
  /** By load balancer ARN. */
  readonly attributes?: Readonly<Record<string, readonly LoadBalancerAttribute[]>>;
  /** Registered targets by target group ARN. */
  readonly targets?: Readonly<Record<string, readonly TargetDescription[]>>;
  /** By resource ARN. */
  readonly tags?: Readonly<Record<string, readonly Tag[]>>;
}

const elbTagMap = (tags: readonly Tag[] | undefined): TagMap | undefined =>
  tags && tagsOrNothing(Object.fromEntries(tags.map((tag) => [tag.Key ?? '', tag.Value ?? ''])));

class SubnetBook {
  private readonly subnets = new Map<string, SandboxSubnet>();
  private readonly region: string;

  constructor(region: string) {
    this.region = region;
  }

  note(subnetId: string, vpcId: string, az?: string): void {
    const known = this.subnets.get(subnetId);
    if (!known) this.subnets.set(subnetId, { id: subnetId, vpcId, az: az ?? `${this.region}a` });
    else if (az !== undefined) known.az = az;
  }

  /** A stand-in subnet for an interface whose subnet was not observed. */
  placeholder(vpcId: string): string {
    const id = awsId('subnet', `placeholder/${this.region}/${vpcId}`);
    this.note(id, vpcId);
    return id;
  }

  list(): SandboxSubnet[] {
    return [...this.subnets.values()];
  }
}

function convertLoadBalancing(data: ObservedLoadBalancing, subnets: SubnetBook): Partial<SandboxRegion> {
  const loadBalancers: SandboxLoadBalancer[] = data.loadBalancers.flatMap((lb) => {
    const arn = lb.LoadBalancerArn;
    const zones = lb.AvailabilityZones ?? [];
    if (arn === undefined || lb.LoadBalancerName === undefined || lb.VpcId === undefined || zones.length === 0) return [];
    for (const zone of zones) if (zone.SubnetId) subnets.note(zone.SubnetId, lb.VpcId, zone.ZoneName);
    const attributes = Object.fromEntries((data.attributes?.[arn] ?? []).map((a) => [a.Key ?? '', a.Value ?? '']));
    return [
      {
        arn,
        name: lb.LoadBalancerName,
        type: lb.Type === 'network' ? undefined : lb.Type,
        scheme: lb.Scheme === 'internal' ? undefined : lb.Scheme,
        subnets: zones.flatMap((zone) => (zone.SubnetId ? [zone.SubnetId] : [])),
        attributes: tagsOrNothing(attributes),
        tags: elbTagMap(data.tags?.[arn]),
      },
    ];
  });
  const targetGroups: SandboxTargetGroup[] = (data.targetGroups ?? []).flatMap((group) => {
    const arn = group.TargetGroupArn;
    if (arn === undefined || group.TargetGroupName === undefined || group.Protocol === undefined) return [];
    if (group.Port === undefined || group.VpcId === undefined) return [];
    const targetType = group.TargetType === 'ip' ? 'ip' : group.TargetType === 'instance' ? undefined : 'skip';
    if (targetType === 'skip') return [];
    return [
      {
        arn,
        name: group.TargetGroupName,
        protocol: group.Protocol,
        port: group.Port,
        vpcId: group.VpcId,
        targetType,
        healthCheck: group.HealthCheckProtocol
          ? { protocol: group.HealthCheckProtocol, port: group.HealthCheckPort }
          : undefined,
        targets: (data.targets?.[arn] ?? []).map((target) => ({ id: target.Id ?? '', port: target.Port })),
        tags: elbTagMap(data.tags?.[arn]),
      },
    ];
  });
  const listeners: SandboxListener[] = (data.listeners ?? []).flatMap((listener) => {
    const action = listener.DefaultActions?.[0];
    const targetGroupArn = action?.TargetGroupArn ?? action?.ForwardConfig?.TargetGroups?.[0]?.TargetGroupArn;
    const { ListenerArn: arn, LoadBalancerArn: loadBalancerArn, Protocol: protocol, Port: port } = listener;
    if (!arn || !loadBalancerArn || !protocol || !port || !targetGroupArn) return [];
    return [{ arn, loadBalancerArn, protocol, port, targetGroupArn, tags: elbTagMap(data.tags?.[arn]) }];
  });
  return { loadBalancers, targetGroups, listeners };
}

function convertRegion(region: ObservedRegion, loadBalancing: ObservedLoadBalancing | undefined): SandboxRegion {
  const subnets = new SubnetBook(region.region);
  const vpcIds = new Set(region.vpcs.map((vpc) => vpc.id));
  const described = loadBalancing ? convertLoadBalancing(loadBalancing, subnets) : {};
  const known = new Set((described.loadBalancers ?? []).map((lb) => lb.arn));
  const fromDiscovery = observedLoadBalancers(region, known, subnets);
  const elb: Partial<SandboxRegion> =
    fromDiscovery.loadBalancers.length === 0
      ? described
      : {
          loadBalancers: [...(described.loadBalancers ?? []), ...fromDiscovery.loadBalancers],
          targetGroups: [...(described.targetGroups ?? []), ...fromDiscovery.targetGroups],
          listeners: [...(described.listeners ?? []), ...fromDiscovery.listeners],
        };
  for (const instance of region.instances) {
    if (instance.subnetId !== undefined && instance.vpcId !== undefined) {
      subnets.note(instance.subnetId, instance.vpcId, instance.availabilityZone);
    }
  }
  for (const eni of region.networkInterfaces) {
    if (eni.subnetId !== undefined) subnets.note(eni.subnetId, eni.vpcId, eni.availabilityZone);
  }

  const instances = new Map<string, SandboxInstance>();
  for (const instance of region.instances) {
    if (instance.subnetId === undefined) continue;
    instances.set(instance.id, {
      id: instance.id,
      type: instance.type,
      state: instance.state,
      subnetId: instance.subnetId,
      tags: tagsOrNothing(instance.tags),
      interfaces: [],
    });
  }
  const detached: SandboxRegion['networkInterfaces'] = [];
  for (const eni of region.networkInterfaces) {
    const owner = eni.attachment?.instanceId === undefined ? undefined : instances.get(eni.attachment.instanceId);
    const subnetId = eni.subnetId ?? owner?.subnetId ?? subnets.placeholder(eni.vpcId);
    const common = {
      id: eni.id,
      type: eni.type === 'interface' ? undefined : eni.type,
      description: eni.description === '' ? undefined : eni.description,
      tags: tagsOrNothing(eni.tags ?? {}),
    };
    if (owner && eni.attachment) {
      owner.interfaces.push({
        ...common,
        deviceIndex: eni.attachment.deviceIndex ?? owner.interfaces.length,
        subnetId: subnetId === owner.subnetId ? undefined : subnetId,
        deleteOnTermination: eni.attachment.deleteOnTermination,
        requesterManaged: eni.requesterManaged ? true : undefined,
      });
    } else {
      detached.push({
        ...common,
        subnetId,
        requesterManaged: eni.requesterManaged ? true : undefined,
        status: eni.status === 'available' ? undefined : eni.status,
      });
    }
  }
  for (const subnet of subnets.list()) vpcIds.add(subnet.vpcId);

  const interfaceIds = new Set(region.networkInterfaces.map((eni) => eni.id));
  const targetIds = new Set(region.targets.map((target) => target.id));
  const filterIds = new Set(region.filters.map((filter) => filter.id));
  const tagsById = new Map(region.vpcs.map((vpc) => [vpc.id, vpc.tags]));
  return {
    vpcs: [...vpcIds].map((id) => ({ id, tags: tagsOrNothing(tagsById.get(id) ?? {}) })),
    subnets: subnets.list(),
    instances: [...instances.values()],
    networkInterfaces: detached,
    trafficMirrorTargets: region.targets.map((target) => ({
      id: target.id,
      networkInterfaceId: target.networkInterfaceId,
      networkLoadBalancerArn: target.networkLoadBalancerArn,
      gatewayLoadBalancerEndpointId: target.gatewayLoadBalancerEndpointId,
      description: target.description,
      ownerId: target.ownerId,
      tags: tagsOrNothing(target.tags),
    })),
    trafficMirrorFilters: region.filters.map((filter) => ({
      id: filter.id,
      description: filter.description,
      networkServices: filter.networkServices.length > 0 ? [...filter.networkServices] : undefined,
      tags: tagsOrNothing(filter.tags),
      rules: filter.rules.map(ruleFields),
    })),
    trafficMirrorSessions: region.sessions
      .filter(
        (session) =>
          interfaceIds.has(session.networkInterfaceId) && targetIds.has(session.targetId) && filterIds.has(session.filterId),
      )
      .map((session) => ({
        ...sessionFields(session),
        tags: tagsOrNothing(session.tags),
        ownerId: session.ownerId,
      })),
    ...elb,
  };
}

export function observedToSandboxFile(
  observed: ObservedAccount,
  loadBalancers: readonly ObservedLoadBalancing[] = [],
): SandboxFile {
  const regions: Record<string, SandboxRegion> = {};
  for (const region of observed.regions) {
    regions[region.region] = convertRegion(
      region,
      loadBalancers.find((candidate) => candidate.region === region.region),
    );
  }
  return { version: 1, accountId: observed.accountId ?? '000000000000', regions };
}
