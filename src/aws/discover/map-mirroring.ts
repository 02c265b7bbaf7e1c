/** SDK shapes of traffic mirror targets, filters (with their rules) and sessions → observed types. */
import type {
  TrafficMirrorFilter,
  TrafficMirrorFilterRule,
  TrafficMirrorPortRange,
  TrafficMirrorSession,
  TrafficMirrorTarget,
} from '@aws-sdk/client-ec2';
import type { ObservedFilter, ObservedRule, ObservedSession, ObservedTarget } from '../../core/types/observed.js';
import type { PortRange } from '../../core/types/policy.js';
import { byId, compare, oneOf, present, required, shared, tagRecord } from './fields.js';

const TARGET_TYPES: readonly ObservedTarget['type'][] = [
  'network-interface',
  'network-load-balancer',
  'gateway-load-balancer-endpoint',
];

export function toTarget(target: TrafficMirrorTarget): ObservedTarget {
  return {
    id: required(target.TrafficMirrorTargetId, 'TrafficMirrorTargetId'),
    type: oneOf(target.Type, TARGET_TYPES, 'Type'),
    ...present('networkInterfaceId', target.NetworkInterfaceId),
    ...present('networkLoadBalancerArn', target.NetworkLoadBalancerArn),
    ...present('gatewayLoadBalancerEndpointId', target.GatewayLoadBalancerEndpointId),
    ...present('description', target.Description),
    ...present('ownerId', target.OwnerId),
    tags: tagRecord(target.Tags),
  };
}

export function toFilter(filter: TrafficMirrorFilter): ObservedFilter {
  // The direction comes from the list a rule is in: that is how EC2 groups them.
  const rules = [
    ...(filter.IngressFilterRules ?? []).map((rule) => toRule(rule, 'ingress')),
    ...(filter.EgressFilterRules ?? []).map((rule) => toRule(rule, 'egress')),
  ];
  return {
    id: required(filter.TrafficMirrorFilterId, 'TrafficMirrorFilterId'),
    ...present('description', filter.Description),
    networkServices: [...(filter.NetworkServices ?? [])].sort(compare),
    rules: byId(rules),
    tags: tagRecord(filter.Tags),
  };
}

function toRule(rule: TrafficMirrorFilterRule, direction: ObservedRule['direction']): ObservedRule {
  return {
    id: required(rule.TrafficMirrorFilterRuleId, 'TrafficMirrorFilterRuleId'),
    direction,
    number: required(rule.RuleNumber, 'RuleNumber'),
    action: oneOf(rule.RuleAction, ['accept', 'reject'], 'RuleAction'),
    ...present('protocol', rule.Protocol),
    source: required(rule.SourceCidrBlock, 'SourceCidrBlock'),
    destination: required(rule.DestinationCidrBlock, 'DestinationCidrBlock'),
    ...present('sourcePorts', toPortRange(rule.SourcePortRange)),
    ...present('destinationPorts', toPortRange(rule.DestinationPortRange)),
    ...present('description', rule.Description),
  };
}

/** A range with one bound set is a single port. */
function toPortRange(range: TrafficMirrorPortRange | undefined): PortRange | undefined {
  const from = range?.FromPort ?? range?.ToPort;
  const to = range?.ToPort ?? range?.FromPort;
  return from === undefined || to === undefined ? undefined : { from, to };
}

export function toSession(session: TrafficMirrorSession): ObservedSession {
  return {
    id: required(session.TrafficMirrorSessionId, 'TrafficMirrorSessionId'),
    networkInterfaceId: required(session.NetworkInterfaceId, 'NetworkInterfaceId'),
    targetId: shared(required(session.TrafficMirrorTargetId, 'TrafficMirrorTargetId')),
    filterId: shared(required(session.TrafficMirrorFilterId, 'TrafficMirrorFilterId')),
    sessionNumber: required(session.SessionNumber, 'SessionNumber'),
    ...present('packetLength', session.PacketLength),
    ...present('virtualNetworkId', session.VirtualNetworkId),
    ...present('description', shared(session.Description)),
    ...present('ownerId', shared(session.OwnerId)),
    tags: tagRecord(session.Tags),
  };
}
