/**
 * One line that says what a created resource is, for the places that have no room for its attribute block:
 * Markdown tables, grouped rows. "accept tcp 10.0.0.0/8 → 0.0.0.0/0 port 443", not "ingress rule #110".
 */
import type { DesiredResource, DesiredRule, ResourceRef } from '../core/types/plan.js';
import { formatAttribute } from './values.js';

const ref = (reference: ResourceRef): string => reference.id ?? reference.key;

function ports(range: DesiredRule['sourcePorts']): string {
  if (range === undefined) return '';
  return range.from === range.to ? ` port ${range.from}` : ` ports ${range.from}-${range.to}`;
}

function describeRule(rule: DesiredRule): string {
  const protocol = rule.protocol === undefined ? 'all protocols' : formatAttribute('protocol', rule.protocol);
  return (
    `${rule.direction} #${rule.number}: ${rule.action} ${protocol} ` +
    `${rule.source}${ports(rule.sourcePorts)} → ${rule.destination}${ports(rule.destinationPorts)}`
  );
}

export function describeDesired(resource: DesiredResource): string {
  switch (resource.kind) {
    case 'target':
      if (resource.networkLoadBalancerArn !== undefined) return `Network Load Balancer ${resource.networkLoadBalancerArn}`;
      if (resource.loadBalancer !== undefined) return `Network Load Balancer ${ref(resource.loadBalancer)}`;
      if (resource.networkInterfaceId !== undefined) return `network interface ${resource.networkInterfaceId}`;
      return `Gateway Load Balancer endpoint ${resource.gatewayLoadBalancerEndpointId ?? ''}`;
    case 'filter':
      return resource.networkServices.length === 0
        ? resource.description
        : `${resource.description} (+ ${resource.networkServices.join(', ')})`;
    case 'filter-rule':
      return describeRule(resource);
    case 'session': {
      const instance = resource.instanceId === undefined ? '' : ` (${resource.instanceId})`;
      return `${resource.networkInterfaceId}${instance} #${resource.sessionNumber} → ${ref(resource.target)} via ${ref(resource.filter)}`;
    }
    case 'load-balancer':
      return `internal Network Load Balancer ${resource.name} in ${resource.subnets.join(', ')}`;
    case 'target-group': {
      const path = resource.healthCheckPath === undefined ? '' : resource.healthCheckPath;
      return `UDP 4789 ${resource.targetType} targets, health ${resource.healthCheckProtocol} ${resource.healthCheckPort}${path}`;
    }
    case 'listener':
      return `UDP ${resource.port} on ${ref(resource.loadBalancer)} → ${ref(resource.targetGroup)}`;
    case 'target-registration': {
      const zone = resource.availabilityZone === undefined ? '' : ` (${resource.availabilityZone})`;
      return `${resource.targetId}${zone} in ${ref(resource.targetGroup)}`;
    }
  }
}
