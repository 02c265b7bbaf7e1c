/**
 * Writes a region back in the file format, leaving out defaults so hand-written files stay readable.
 * Undefined fields are dropped by both the YAML and the JSON writers.
 */
import { ruleFields, sessionFields, tagsOrNothing } from '../file/fields.js';
import type {
  SandboxHealthCheck,
  SandboxInstance,
  SandboxNetworkInterface,
  SandboxRegion,
  SandboxSession,
} from '../file/types.js';
import { healthCheckDefaults } from '../elbv2/common.js';
import type { HealthCheckRecord } from './records.js';
import type { RegionState } from './region-state.js';

const nonEmpty = <T>(items: T[]): T[] | undefined => (items.length > 0 ? items : undefined);

function dumpInstances(region: RegionState): SandboxInstance[] {
  return [...region.instances.values()].map((instance) => ({
    id: instance.id,
    type: instance.type,
    state: instance.state,
    subnetId: instance.subnetId,
    tags: tagsOrNothing(instance.tags),
    operator: instance.operator,
    interfaces: instance.interfaceIds.flatMap((eniId) => {
      const eni = region.networkInterfaces.get(eniId);
      if (!eni?.attachment) return [];
      const deviceIndex = eni.attachment.deviceIndex;
      return [
        {
          id: eni.id,
          deviceIndex,
          type: eni.type === 'interface' ? undefined : eni.type,
          subnetId: eni.subnetId === instance.subnetId ? undefined : eni.subnetId,
          description: eni.description,
          deleteOnTermination:
            eni.attachment.deleteOnTermination === (deviceIndex === 0) ? undefined : eni.attachment.deleteOnTermination,
          requesterManaged: eni.requesterManaged && instance.operator === undefined ? true : undefined,
          tags: tagsOrNothing(eni.tags),
        },
      ];
    }),
  }));
}

function dumpDetachedInterfaces(region: RegionState): SandboxNetworkInterface[] {
  return [...region.networkInterfaces.values()]
    .filter((eni) => eni.attachment === undefined)
    .map((eni) => ({
      id: eni.id,
      subnetId: eni.subnetId,
      type: eni.type === 'interface' ? undefined : eni.type,
      description: eni.description,
      requesterManaged: eni.requesterManaged ? true : undefined,
      status: eni.status === 'available' ? undefined : eni.status,
      tags: tagsOrNothing(eni.tags),
    }));
}

function dumpSessions(region: RegionState, accountId: string): SandboxSession[] {
  return [...region.sessions.values()].filter((session) => !region.isLinked(session.id)).map((session) => ({
    ...sessionFields(session),
    tags: tagsOrNothing(session.tags),
    ownerId: session.ownerId === accountId ? undefined : session.ownerId,
  }));
}

export function dumpRegion(region: RegionState, accountId: string): SandboxRegion {
  const clientTokens = [...region.clientTokens.values()].map((record) => ({ ...record }));
  return {
    vpcs: nonEmpty([...region.vpcs.values()].map((vpc) => ({ id: vpc.id, cidr: vpc.cidr, tags: tagsOrNothing(vpc.tags) }))),
    subnets: nonEmpty(
      [...region.subnets.values()].map((subnet) => ({
        id: subnet.id,
        vpcId: subnet.vpcId,
        az: subnet.az,
        cidr: subnet.cidr,
        tags: tagsOrNothing(subnet.tags),
      })),
    ),
    instances: nonEmpty(dumpInstances(region)),
    networkInterfaces: nonEmpty(dumpDetachedInterfaces(region)),
    trafficMirrorTargets: nonEmpty(
      [...region.targets.values()].filter((target) => !region.isLinked(target.id)).map((target) => ({
        id: target.id,
        networkInterfaceId: target.networkInterfaceId,
        networkLoadBalancerArn: target.networkLoadBalancerArn,
        gatewayLoadBalancerEndpointId: target.gatewayLoadBalancerEndpointId,
        description: target.description,
        ownerId: target.ownerId === accountId ? undefined : target.ownerId,
        sharedWith: nonEmpty([...target.sharedWith]),
        tags: tagsOrNothing(target.tags),
      })),
    ),
    trafficMirrorFilters: nonEmpty(
      [...region.filters.values()].map((filter) => ({
        id: filter.id,
        description: filter.description,
        networkServices: nonEmpty([...filter.networkServices]),
        tags: tagsOrNothing(filter.tags),
        rules: nonEmpty(
          filter.ruleIds.flatMap((ruleId) => {
            const rule = region.rules.get(ruleId);
            return rule ? [{ ...ruleFields(rule), tags: tagsOrNothing(rule.tags) }] : [];
          }),
        ),
      })),
    ),
    trafficMirrorSessions: nonEmpty(dumpSessions(region, accountId)),
    loadBalancers: nonEmpty(
      [...region.loadBalancers.values()].map((lb) => ({
        arn: lb.id,
        name: lb.name,
        type: lb.type === 'network' ? undefined : lb.type,
        scheme: lb.scheme === 'internal' ? undefined : lb.scheme,
        subnets: [...lb.subnetIds],
        securityGroups: lb.securityGroups.length === 0 ? undefined : [...lb.securityGroups],
        attributes: tagsOrNothing(lb.attributes),
        tags: tagsOrNothing(lb.tags),
      })),
    ),
    targetGroups: nonEmpty(
      [...region.targetGroups.values()].map((group) => ({
        arn: group.id,
        name: group.name,
        protocol: group.protocol,
        port: group.port,
        vpcId: group.vpcId,
        targetType: group.targetType === 'instance' ? undefined : group.targetType,
        healthCheck: dumpHealthCheck(group.healthCheck),
        targets: nonEmpty(
          group.targets.map((target) => ({ id: target.id, port: target.port, availabilityZone: target.availabilityZone })),
        ),
        tags: tagsOrNothing(group.tags),
      })),
    ),
    listeners: nonEmpty(
      [...region.listeners.values()].map((listener) => ({
        arn: listener.id,
        loadBalancerArn: listener.loadBalancerArn,
        protocol: listener.protocol,
        port: listener.port,
        targetGroupArn: listener.targetGroupArn,
        tags: tagsOrNothing(listener.tags),
      })),
    ),
    internal:
      region.idSequence > 0 || clientTokens.length > 0
        ? { idSequence: region.idSequence > 0 ? region.idSequence : undefined, clientTokens: nonEmpty(clientTokens) }
        : undefined,
  };
}

/** Only what differs from the defaults, so a file keeps reading as it was written. */
function dumpHealthCheck(check: HealthCheckRecord): SandboxHealthCheck | undefined {
  const defaults = healthCheckDefaults(check.protocol);
  const dumped: SandboxHealthCheck = {
    protocol: check.protocol,
    port: check.port === 'traffic-port' ? undefined : check.port,
    path: check.path === defaults.path ? undefined : check.path,
    intervalSeconds: check.intervalSeconds === defaults.intervalSeconds ? undefined : check.intervalSeconds,
    timeoutSeconds: check.timeoutSeconds === defaults.timeoutSeconds ? undefined : check.timeoutSeconds,
    healthyThreshold: check.healthyThreshold === defaults.healthyThreshold ? undefined : check.healthyThreshold,
    unhealthyThreshold: check.unhealthyThreshold === defaults.unhealthyThreshold ? undefined : check.unhealthyThreshold,
  };
  const settings = Object.entries(dumped).filter(([key, value]) => key !== 'protocol' && value !== undefined);
  return settings.length === 0 && check.protocol === 'TCP' ? undefined : dumped;
}
