/**
 * Observed resources in the shape of desired ones, for `before` in plan actions, and references to observed
 * ids. A reference to something outside the policy (a foreign target, a deleted filter) uses its id as key.
 */
import { KEY_TAG } from '../ownership.js';
import type { ObservedFilter, ObservedRule, ObservedSession, ObservedTarget } from '../types/observed.js';
import type { DesiredFilter, DesiredRule, DesiredSession, DesiredTarget, ResourceRef } from '../types/plan.js';
import type { RegionIndex } from './observed-index.js';
import { ruleSettings } from './rule-settings.js';

export interface ObservedRefs {
  target(id: string): ResourceRef;
  filter(id: string): ResourceRef;
}

export function observedRefs(index: RegionIndex, existingTargetKeys: ReadonlyMap<string, string>): ObservedRefs {
  const ownedKey = (item: ObservedTarget | ObservedFilter | undefined): string | undefined =>
    item !== undefined && index.scope.ours(item) ? item.tags[KEY_TAG] : undefined;
  return {
    target: (id) => ({ key: ownedKey(index.targetById.get(id)) ?? existingTargetKeys.get(id) ?? id, id }),
    filter: (id) => ({ key: ownedKey(index.filterById.get(id)) ?? id, id }),
  };
}

export function targetAsDesired(target: ObservedTarget): DesiredTarget {
  return {
    kind: 'target',
    ...(target.networkInterfaceId === undefined ? {} : { networkInterfaceId: target.networkInterfaceId }),
    ...(target.networkLoadBalancerArn === undefined ? {} : { networkLoadBalancerArn: target.networkLoadBalancerArn }),
    ...(target.gatewayLoadBalancerEndpointId === undefined
      ? {}
      : { gatewayLoadBalancerEndpointId: target.gatewayLoadBalancerEndpointId }),
    description: target.description ?? '',
    tags: target.tags,
  };
}

export function filterAsDesired(filter: ObservedFilter): DesiredFilter {
  return {
    kind: 'filter',
    description: filter.description ?? '',
    networkServices: [...filter.networkServices].sort(),
    tags: filter.tags,
  };
}

/** Observed rules carry no tags in ObservedRule, so `tags` is empty here. */
export function ruleAsDesired(rule: ObservedRule, filter: ResourceRef): DesiredRule {
  return {
    kind: 'filter-rule',
    filter,
    direction: rule.direction,
    ...ruleSettings(rule),
    tags: {},
  };
}

export function sessionAsDesired(session: ObservedSession, index: RegionIndex, refs: ObservedRefs): DesiredSession {
  const eni = index.interfaceById.get(session.networkInterfaceId);
  const instanceId = eni?.attachment?.instanceId;
  return {
    kind: 'session',
    networkInterfaceId: session.networkInterfaceId,
    target: refs.target(session.targetId),
    filter: refs.filter(session.filterId),
    sessionNumber: session.sessionNumber,
    ...(session.packetLength === undefined ? {} : { packetLength: session.packetLength }),
    ...(session.virtualNetworkId === undefined ? {} : { virtualNetworkId: session.virtualNetworkId }),
    description: session.description ?? '',
    tags: session.tags,
    ...(instanceId === undefined ? {} : { instanceId }),
    vpcId: eni?.vpcId ?? '',
  };
}
