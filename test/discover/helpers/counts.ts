/** What a sandbox file holds, counted independently of discovery, to compare discovery's output with. */
import type { SandboxRegion } from '../../../src/sandbox/index.js';

export interface RegionCounts {
  readonly vpcs: number;
  readonly liveInstances: number;
  readonly networkInterfaces: number;
  /** Interfaces AWS manages (a load balancer's): read apart, as instances' descriptions do not say. */
  readonly requesterManaged: number;
  readonly instanceTypes: number;
  readonly targets: number;
  readonly filters: number;
  readonly sessions: number;
}

export function countsOf(region: SandboxRegion): RegionCounts {
  const live = (region.instances ?? []).filter((instance) => instance.state !== 'terminated');
  return {
    vpcs: region.vpcs?.length ?? 0,
    liveInstances: live.length,
    networkInterfaces:
      (region.instances ?? []).reduce((sum, instance) => sum + instance.interfaces.length, 0) +
      (region.networkInterfaces?.length ?? 0),
    requesterManaged: (region.networkInterfaces ?? []).filter((eni) => eni.requesterManaged === true).length,
    instanceTypes: new Set(live.map((instance) => instance.type)).size,
    targets: region.trafficMirrorTargets?.length ?? 0,
    filters: region.trafficMirrorFilters?.length ?? 0,
    sessions: region.trafficMirrorSessions?.length ?? 0,
  };
}

/** Pages of `items` at `pageSize` per page: an empty listing still takes one call. */
export const pagesFor = (items: number, pageSize: number): number => Math.max(1, Math.ceil(items / pageSize));

/**
 * DescribeInstanceTypes calls when types are read as instance pages name new ones: for each page of live
 * instances (in id order) that names types not seen before, one paginated read of those types.
 */
export function typeCallsFor(region: SandboxRegion, instancePage: number, typePage: number): number {
  const live = (region.instances ?? []).filter((instance) => instance.state !== 'terminated').sort((a, b) => (a.id < b.id ? -1 : 1));
  const seen = new Set<string>();
  let calls = 0;
  for (let start = 0; start < live.length; start += instancePage) {
    const fresh = new Set(live.slice(start, start + instancePage).map((instance) => instance.type).filter((type) => !seen.has(type)));
    for (const type of fresh) seen.add(type);
    if (fresh.size > 0) calls += pagesFor(fresh.size, typePage);
  }
  return calls;
}
