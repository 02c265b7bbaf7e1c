/** What a sandbox file holds, counted independently of discovery, to compare discovery's output with. */
import type { SandboxRegion } from '../../../src/sandbox/index.js';

export interface RegionCounts {
  readonly vpcs: number;
  readonly liveInstances: number;
  readonly networkInterfaces: number;
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
    instanceTypes: new Set(live.map((instance) => instance.type)).size,
    targets: region.trafficMirrorTargets?.length ?? 0,
    filters: region.trafficMirrorFilters?.length ?? 0,
    sessions: region.trafficMirrorSessions?.length ?? 0,
  };
}

/** Pages of `items` at `pageSize` per page: an empty listing still takes one call. */
export const pagesFor = (items: number, pageSize: number): number => Math.max(1, Math.ceil(items / pageSize));
