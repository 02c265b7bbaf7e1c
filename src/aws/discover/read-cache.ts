/**
 * What a long-lived process (the Lambda healer's container) may remember between scoped discoveries, so a
 * single launch costs a handful of calls:
 * - instance-type facts never change: kept for the life of the process;
 * - the policy's Network Load Balancers (listeners, registered sensors) change rarely: kept for
 *   `loadBalancerTtlMs` (5 minutes). A sensor registered within that window may get a session from a scoped
 *   run; the next run that reads the load balancer afresh (at the latest the scheduled reconcile) deletes it,
 *   as it deletes every owned session on a sensor;
 * - the policy's filters: a scoped run only needs their ids (it never changes a filter), kept for
 *   `filterTtlMs` (1 minute). A stale id cannot make a wrong session: a create naming a filter deleted since
 *   fails NotFound, the event is retried, and the caller forgets the filters after any failure.
 * Every full discovery refreshes all of them.
 */
import type { ObservedFilter, ObservedInstanceType, ObservedLoadBalancer } from '../../core/types/observed.js';

export interface ReadCache {
  readonly instanceTypes: Map<string, ObservedInstanceType>;
  loadBalancer(arn: string): ObservedLoadBalancer | undefined;
  rememberLoadBalancer(loadBalancer: ObservedLoadBalancer): void;
  ownedFilters(region: string): readonly ObservedFilter[] | undefined;
  rememberOwnedFilters(region: string, filters: readonly ObservedFilter[]): void;
  forgetOwnedFilters(region: string): void;
}

export const DEFAULT_LOAD_BALANCER_TTL_MS = 5 * 60_000;
export const DEFAULT_FILTER_TTL_MS = 60_000;

interface Timed<T> {
  readonly at: number;
  readonly value: T;
}

export function createReadCache(options: {
  readonly now: () => number;
  readonly loadBalancerTtlMs?: number;
  readonly filterTtlMs?: number;
}): ReadCache {
  const loadBalancerTtlMs = options.loadBalancerTtlMs ?? DEFAULT_LOAD_BALANCER_TTL_MS;
  const filterTtlMs = options.filterTtlMs ?? DEFAULT_FILTER_TTL_MS;
  const loadBalancers = new Map<string, Timed<ObservedLoadBalancer>>();
  const filters = new Map<string, Timed<readonly ObservedFilter[]>>();
  const fresh = <T>(entry: Timed<T> | undefined, ttlMs: number): T | undefined =>
    entry === undefined || options.now() - entry.at >= ttlMs ? undefined : entry.value;
  return {
    instanceTypes: new Map(),
    loadBalancer: (arn) => fresh(loadBalancers.get(arn), loadBalancerTtlMs),
    rememberLoadBalancer(loadBalancer) {
      loadBalancers.set(loadBalancer.arn, { at: options.now(), value: loadBalancer });
    },
    ownedFilters: (region) => fresh(filters.get(region), filterTtlMs),
    rememberOwnedFilters(region, value) {
      filters.set(region, { at: options.now(), value });
    },
    forgetOwnedFilters(region) {
      filters.delete(region);
    },
  };
}
