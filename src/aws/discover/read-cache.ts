/**
 * What a long-lived process (the Lambda healer's container) may remember between scoped discoveries, so a
 * single launch costs a handful of calls:
 * - instance-type facts never change: kept for the life of the process;
 * - the policy's Network Load Balancers (listeners, registered sensors) change rarely: kept for `ttlMs`, and
 *   refreshed by every full discovery. A sensor registered within that window may get a session from a
 *   scoped run; the next run that reads the load balancer afresh (at the latest the scheduled reconcile)
 *   deletes it, as it deletes every owned session on a sensor.
 */
import type { ObservedInstanceType, ObservedLoadBalancer } from '../../core/types/observed.js';

export interface ReadCache {
  readonly instanceTypes: Map<string, ObservedInstanceType>;
  loadBalancer(arn: string): ObservedLoadBalancer | undefined;
  rememberLoadBalancer(loadBalancer: ObservedLoadBalancer): void;
}

export const DEFAULT_LOAD_BALANCER_TTL_MS = 5 * 60_000;

export function createReadCache(options: { readonly now: () => number; readonly loadBalancerTtlMs?: number }): ReadCache {
  const ttlMs = options.loadBalancerTtlMs ?? DEFAULT_LOAD_BALANCER_TTL_MS;
  const loadBalancers = new Map<string, { readonly at: number; readonly value: ObservedLoadBalancer }>();
  return {
    instanceTypes: new Map(),
    loadBalancer(arn) {
      const entry = loadBalancers.get(arn);
      if (entry === undefined || options.now() - entry.at >= ttlMs) return undefined;
      return entry.value;
    },
    rememberLoadBalancer(loadBalancer) {
      loadBalancers.set(loadBalancer.arn, { at: options.now(), value: loadBalancer });
    },
  };
}
