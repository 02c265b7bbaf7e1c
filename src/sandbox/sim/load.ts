/** Builds the in-memory regions from a (validated) sandbox file, applying the file format's defaults. */
import { ruleFields, sessionFields } from '../file/fields.js';
import type { SandboxHealthCheck, SandboxRegion } from '../file/types.js';
import { healthCheckDefaults } from '../elbv2/common.js';
import { defaultVirtualNetworkId } from './ids.js';
import type { HealthCheckRecord } from './records.js';
import { RegionState } from './region-state.js';

function healthCheckOf(check: SandboxHealthCheck | undefined): HealthCheckRecord {
  const protocol = check?.protocol ?? 'TCP';
  const defaults = healthCheckDefaults(protocol);
  return {
    protocol,
    port: check?.port ?? 'traffic-port',
    path: check?.path ?? defaults.path,
    intervalSeconds: check?.intervalSeconds ?? defaults.intervalSeconds,
    timeoutSeconds: check?.timeoutSeconds ?? defaults.timeoutSeconds,
    healthyThreshold: check?.healthyThreshold ?? defaults.healthyThreshold,
    unhealthyThreshold: check?.unhealthyThreshold ?? defaults.unhealthyThreshold,
  };
}

export function loadRegion(name: string, data: SandboxRegion, accountId: string): RegionState {
  const region = new RegionState(name);
  for (const vpc of data.vpcs ?? []) region.vpcs.add({ id: vpc.id, cidr: vpc.cidr, tags: { ...vpc.tags } });
  for (const subnet of data.subnets ?? []) {
    region.subnets.add({ id: subnet.id, vpcId: subnet.vpcId, az: subnet.az, cidr: subnet.cidr, tags: { ...subnet.tags } });
  }
  const subnetOf = (id: string) => {
    const subnet = region.subnets.get(id);
    if (!subnet) throw new Error(`unknown subnet ${id} (the file was not validated)`);
    return subnet;
  };

  for (const instance of data.instances ?? []) {
    region.instances.add({
      id: instance.id,
      type: instance.type,
      state: instance.state,
      subnetId: instance.subnetId,
      tags: { ...instance.tags },
      operator: instance.operator,
      interfaceIds: instance.interfaces.map((eni) => eni.id),
    });
    for (const eni of instance.interfaces) {
      const subnet = subnetOf(eni.subnetId ?? instance.subnetId);
      region.networkInterfaces.add({
        id: eni.id,
        subnetId: subnet.id,
        vpcId: subnet.vpcId,
        az: subnet.az,
        type: eni.type ?? 'interface',
        description: eni.description,
        // An interface of a managed instance is the service's too.
        requesterManaged: eni.requesterManaged === true || instance.operator !== undefined,
        status: 'in-use',
        tags: { ...eni.tags },
        attachment: {
          instanceId: instance.id,
          deviceIndex: eni.deviceIndex,
          deleteOnTermination: eni.deleteOnTermination ?? eni.deviceIndex === 0,
        },
      });
    }
  }
  for (const eni of data.networkInterfaces ?? []) {
    const subnet = subnetOf(eni.subnetId);
    region.networkInterfaces.add({
      id: eni.id,
      subnetId: subnet.id,
      vpcId: subnet.vpcId,
      az: subnet.az,
      type: eni.type ?? 'interface',
      description: eni.description,
      requesterManaged: eni.requesterManaged ?? false,
      status: eni.status ?? 'available',
      tags: { ...eni.tags },
      attachment: undefined,
    });
  }

  for (const target of data.trafficMirrorTargets ?? []) {
    region.addTarget({
      id: target.id,
      networkInterfaceId: target.networkInterfaceId,
      networkLoadBalancerArn: target.networkLoadBalancerArn,
      gatewayLoadBalancerEndpointId: target.gatewayLoadBalancerEndpointId,
      description: target.description,
      ownerId: target.ownerId ?? accountId,
      sharedWith: [...(target.sharedWith ?? [])],
      tags: { ...target.tags },
    });
  }
  for (const filter of data.trafficMirrorFilters ?? []) {
    const rules = filter.rules ?? [];
    region.filters.add({
      id: filter.id,
      description: filter.description,
      networkServices: [...(filter.networkServices ?? [])],
      tags: { ...filter.tags },
      ruleIds: rules.map((rule) => rule.id),
    });
    for (const rule of rules) {
      region.rules.add({ ...ruleFields(rule), filterId: filter.id, tags: { ...rule.tags } });
    }
  }
  for (const session of data.trafficMirrorSessions ?? []) {
    region.addSession({
      ...sessionFields(session),
      virtualNetworkId: session.virtualNetworkId ?? defaultVirtualNetworkId(session.id),
      ownerId: session.ownerId ?? accountId,
      tags: { ...session.tags },
    });
  }

  for (const lb of data.loadBalancers ?? []) {
    region.loadBalancers.add({
      id: lb.arn,
      name: lb.name,
      type: lb.type ?? 'network',
      scheme: lb.scheme ?? 'internal',
      vpcId: subnetOf(lb.subnets[0] ?? '').vpcId,
      subnetIds: [...lb.subnets],
      securityGroups: [...(lb.securityGroups ?? [])],
      activeAt: 0,
      attributes: { ...lb.attributes },
      tags: { ...lb.tags },
    });
  }
  for (const group of data.targetGroups ?? []) {
    region.targetGroups.add({
      id: group.arn,
      name: group.name,
      protocol: group.protocol,
      port: group.port,
      vpcId: group.vpcId,
      targetType: group.targetType ?? 'instance',
      healthCheck: healthCheckOf(group.healthCheck),
      targets: (group.targets ?? []).map((target) => ({ id: target.id, port: target.port, availabilityZone: target.availabilityZone })),
      tags: { ...group.tags },
    });
  }
  for (const listener of data.listeners ?? []) {
    region.listeners.add({
      id: listener.arn,
      loadBalancerArn: listener.loadBalancerArn,
      protocol: listener.protocol,
      port: listener.port,
      targetGroupArn: listener.targetGroupArn,
      tags: { ...listener.tags },
    });
  }

  region.idSequence = data.internal?.idSequence ?? 0;
  for (const record of data.internal?.clientTokens ?? []) {
    region.clientTokens.set(`${record.action} ${record.token}`, { ...record });
  }
  return region;
}
