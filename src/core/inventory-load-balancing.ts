/**
 * The managed ELBv2 resources in `mirrorctl list`: what a reader needs to recognise a load balancer and its
 * target group, and the load balancer that no mirror target uses. That one bills by the hour and mirrors
 * nothing: an apply interrupted between the load balancer and its mirror target leaves it, and when the
 * policy no longer names the target, only the ELBv2 read finds it (no mirror target points at it).
 */
import { KEY_TAG } from './ownership.js';
import type { ObservedManagedLoadBalancer, ObservedManagedTargetGroup, ObservedRegisteredTarget } from './types/observed.js';

export interface LoadBalancerFacts {
  /** ELBv2 state code: provisioning, active, active_impaired, failed. */
  readonly state: string;
  readonly zones: readonly { readonly availabilityZone: string; readonly subnetId: string }[];
  /** Read for this policy's own load balancers only. */
  readonly listeners?: readonly { readonly protocol: string; readonly port: number; readonly targetGroupArn?: string }[];
  readonly crossZone?: boolean;
}

export interface TargetGroupFacts {
  readonly protocol: string;
  readonly port: number;
  /** The registered sensors with their health: read for this policy's own target groups only. */
  readonly sensors?: readonly ObservedRegisteredTarget[];
  readonly healthy?: number;
}

/** Where the load balancer is, so that the advice names the command that removes or completes it. */
export interface LoadBalancerContext {
  readonly region: string;
  readonly listed: boolean;
  /** The policy's managed load balancer targets, by name. */
  readonly managedTargets: ReadonlySet<string>;
  readonly groupName: (arn: string) => string | undefined;
}

const zoneNames = (lb: ObservedManagedLoadBalancer): string => lb.zones.map((zone) => zone.availabilityZone).join(', ');

function describeListeners(lb: ObservedManagedLoadBalancer, groupName: LoadBalancerContext['groupName']): string {
  if (lb.listeners.length === 0) return 'no listener: it forwards nothing';
  return lb.listeners
    .map((listener) => {
      const group = listener.targetGroupArn === undefined ? 'no target group' : (groupName(listener.targetGroupArn) ?? listener.targetGroupArn);
      return `listener ${listener.protocol} ${listener.port} → ${group}`;
    })
    .join(', ');
}

/** `detailed`: this policy's own, whose listeners were read (another policy's are listed as found). */
export function describeLoadBalancer(lb: ObservedManagedLoadBalancer, detailed: boolean, groupName: LoadBalancerContext['groupName']): string {
  const where = `${lb.state} in ${zoneNames(lb)}`;
  return detailed ? `${where}; ${describeListeners(lb, groupName)}` : where;
}

export function loadBalancerFacts(lb: ObservedManagedLoadBalancer, detailed: boolean): LoadBalancerFacts {
  return {
    state: lb.state,
    zones: lb.zones.map((zone) => ({ availabilityZone: zone.availabilityZone, subnetId: zone.subnetId })),
    ...(detailed
      ? {
          listeners: lb.listeners.map((listener) => ({
            protocol: listener.protocol,
            port: listener.port,
            ...(listener.targetGroupArn === undefined ? {} : { targetGroupArn: listener.targetGroupArn }),
          })),
        }
      : {}),
    ...(lb.crossZone === undefined ? {} : { crossZone: lb.crossZone }),
  };
}

const healthyCount = (group: ObservedManagedTargetGroup): number => group.targets.filter((target) => target.state === 'healthy').length;

export function describeTargetGroup(group: ObservedManagedTargetGroup, detailed: boolean): string {
  const listener = `${group.protocol} ${group.port}`;
  if (!detailed) return listener;
  if (group.targets.length === 0) return `${listener}, no sensor registered`;
  const sensors = group.targets.map((target) => `${target.id}${target.availabilityZone === undefined ? '' : ` (${target.availabilityZone})`} ${target.state}`);
  const registered = `${group.targets.length} ${group.targets.length === 1 ? 'sensor' : 'sensors'} registered`;
  return `${listener}, ${registered}, ${healthyCount(group)} healthy: ${sensors.join(', ')}`;
}

export function targetGroupFacts(group: ObservedManagedTargetGroup, detailed: boolean): TargetGroupFacts {
  return {
    protocol: group.protocol,
    port: group.port,
    ...(detailed ? { sensors: group.targets, healthy: healthyCount(group) } : {}),
  };
}

const LOAD_BALANCER_KEY = 'load-balancer/';

/**
 * Why nothing uses this owned load balancer, and what removes or completes it. The planner deletes an owned
 * load balancer whose target the policy no longer names (in the regions it plans) and completes the chain
 * of one it still names; in a region the policy no longer lists, only a destroy of that region reaches it.
 */
export function unusedLoadBalancerNotice(lb: ObservedManagedLoadBalancer, context: LoadBalancerContext): string {
  const unused = 'no mirror target uses it (left by an interrupted apply?)';
  if (!context.listed) {
    return `${unused}: \`mirrorctl destroy --region ${context.region}\` deletes it, with everything else this policy owns in ${context.region}`;
  }
  const key = lb.tags[KEY_TAG] ?? '';
  if (!key.startsWith(LOAD_BALANCER_KEY)) return `${unused}: its mirrorctl:key is not a load balancer's; \`mirrorctl apply\` deletes it`;
  const name = key.slice(LOAD_BALANCER_KEY.length);
  // The region a managed target goes to is found by discovery, which list does not run: both outcomes are said.
  return context.managedTargets.has(name)
    ? `${unused}: \`mirrorctl apply\` completes target ${name} with it (or deletes it, if ${name} is now placed in another region)`
    : `${unused}: the policy no longer has a managed load balancer target ${name}, and \`mirrorctl apply\` deletes it`;
}
