/** Observed ELBv2 resources in the shape of desired ones, for `before` in plan actions and for comparisons. */
import type {
  ObservedManagedListener,
  ObservedManagedLoadBalancer,
  ObservedManagedTargetGroup,
  ObservedRegisteredTarget,
} from '../../types/observed.js';
import type {
  DesiredListener,
  DesiredLoadBalancer,
  DesiredTargetGroup,
  DesiredTargetRegistration,
  ResourceRef,
} from '../../types/plan.js';

/** ELBv2 answers a VXLAN listener's protocol as UDP (or TCP_UDP), and mirrorctl asks for UDP on this port. */
export const VXLAN_PORT = 4789;

export function loadBalancerAsDesired(lb: ObservedManagedLoadBalancer): DesiredLoadBalancer {
  return {
    kind: 'load-balancer',
    name: lb.name,
    vpcId: lb.vpcId,
    subnets: lb.zones.map((zone) => zone.subnetId),
    securityGroups: lb.securityGroups,
    crossZone: lb.crossZone ?? false,
    deletionProtection: lb.deletionProtection ?? false,
    tags: lb.tags,
  };
}

export function targetGroupAsDesired(group: ObservedManagedTargetGroup): DesiredTargetGroup {
  const check = group.healthCheck;
  return {
    kind: 'target-group',
    name: group.name,
    vpcId: group.vpcId,
    targetType: group.targetType === 'ip' ? 'ip' : 'instance',
    healthCheckProtocol: check.protocol === 'HTTP' ? 'HTTP' : 'TCP',
    healthCheckPort: Number(check.port === 'traffic-port' ? group.port : check.port),
    ...(check.protocol === 'HTTP' && check.path !== undefined ? { healthCheckPath: check.path } : {}),
    healthyThreshold: check.healthyThreshold,
    unhealthyThreshold: check.unhealthyThreshold,
    healthCheckIntervalSeconds: check.intervalSeconds,
    healthCheckTimeoutSeconds: check.timeoutSeconds,
    tags: group.tags,
  };
}

export function listenerAsDesired(listener: ObservedManagedListener, loadBalancer: ResourceRef, targetGroup: ResourceRef): DesiredListener {
  return { kind: 'listener', loadBalancer, targetGroup, protocol: 'UDP', port: listener.port, tags: {} };
}

export function registrationAsDesired(target: ObservedRegisteredTarget, group: ObservedManagedTargetGroup, ref: ResourceRef): DesiredTargetRegistration {
  return {
    kind: 'target-registration',
    targetGroup: ref,
    targetId: target.id,
    targetType: group.targetType === 'ip' ? 'ip' : 'instance',
    ...(target.availabilityZone === undefined || target.availabilityZone === 'all' ? {} : { availabilityZone: target.availabilityZone }),
    tags: {},
  };
}
