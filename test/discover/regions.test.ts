import { describe, expect, it } from 'vitest';
import type { DiscoveryProgress } from '../../src/aws/discover/index.js';
import { generateAccount } from '../../src/sandbox/index.js';
import { countsOf } from './helpers/counts.js';
import { discoveryOf } from './helpers/sandbox.js';

const REGIONS = ['us-west-2', 'eu-west-1'] as const;

function twoRegions(): ReturnType<typeof generateAccount> {
  return generateAccount({ seed: 21, regions: [...REGIONS], vpcsPerRegion: 2, instances: 60, mirroredShare: 0.3 });
}

/** Index of the first and last progress event of each region. */
function spans(events: readonly DiscoveryProgress[]): Map<string, { first: number; last: number }> {
  const result = new Map<string, { first: number; last: number }>();
  events.forEach((event, index) => {
    const span = result.get(event.region);
    result.set(event.region, { first: span?.first ?? index, last: index });
  });
  return result;
}

describe('several regions', () => {
  it('discovers each region completely, regions sorted by name', async () => {
    const file = twoRegions();
    const { run } = discoveryOf(file);

    const observed = await run({ regions: REGIONS });

    expect(observed.accountId).toBe(file.accountId);
    expect(observed.regions.map((region) => region.region)).toEqual(['eu-west-1', 'us-west-2']);
    for (const region of observed.regions) {
      const counts = countsOf(file.regions[region.region] ?? {});
      expect(region.instances).toHaveLength(counts.liveInstances);
      expect(region.networkInterfaces).toHaveLength(counts.networkInterfaces);
      expect(region.sessions).toHaveLength(counts.sessions);
    }
  });

  it('reads the regions at the same time', async () => {
    const { run } = discoveryOf(twoRegions(), { pageSize: 5, latencyMs: 1 });
    const events: DiscoveryProgress[] = [];

    await run({ regions: REGIONS, onProgress: (event) => events.push(event) });

    const [first, second] = [...spans(events).values()].sort((a, b) => a.first - b.first);
    expect(second?.first).toBeLessThan(first?.last ?? -1);
  });

  it('reads one region after the other with a concurrency of 1', async () => {
    const { run } = discoveryOf(twoRegions(), { pageSize: 5, latencyMs: 1 });
    const events: DiscoveryProgress[] = [];

    await run({ regions: REGIONS, concurrency: 1, onProgress: (event) => events.push(event) });

    const [first, second] = [...spans(events).values()].sort((a, b) => a.first - b.first);
    expect(second?.first).toBeGreaterThan(first?.last ?? Number.POSITIVE_INFINITY);
  });
});
