import { describe, expect, it } from 'vitest';
import { generateAccount, type SandboxRegion } from '../../src/sandbox/index.js';
import { countsOf, pagesFor, typeCallsFor } from './helpers/counts.js';
import { discoveryOf } from './helpers/sandbox.js';

const REGION = 'us-east-1';

function generated(instances: number, seed = 7): { file: ReturnType<typeof generateAccount>; region: SandboxRegion } {
  const file = generateAccount({
    seed,
    regions: [REGION],
    vpcsPerRegion: 4,
    instances,
    mirroredShare: 0.5,
    foreignShare: 0.1,
  });
  const region = file.regions[REGION];
  if (region === undefined) throw new Error('the generator made no region');
  return { file, region };
}

describe('discovery cost', () => {
  it('discovers a 10,000-instance region in at most 60 calls, one per page', async () => {
    const { file, region } = generated(10_000);
    const counts = countsOf(region);
    const { sandbox, run } = discoveryOf(file);
    // As a plan reads it: the policy's NLB target too (listeners, target groups, one group's targets).
    const loadBalancerArns = (region.loadBalancers ?? []).slice(0, 1).map((lb) => lb.arn);
    expect(loadBalancerArns).toHaveLength(1);

    const observed = await run({ regions: [REGION], loadBalancerArns });

    const discovered = observed.regions[0];
    expect(discovered?.loadBalancers?.map((lb) => lb.listeners)).toEqual([[{ protocol: 'UDP', port: 4789 }]]);
    expect(discovered?.instances).toHaveLength(counts.liveInstances);
    expect(discovered?.networkInterfaces).toHaveLength(counts.networkInterfaces);
    expect(discovered?.sessions).toHaveLength(counts.sessions);
    // Instances in pages of 500, half EC2's ceiling: a page's XML, parsed, is the peak of the plan's memory.
    expect(sandbox.calls.byAction['DescribeInstances']).toBe(pagesFor(counts.liveInstances, 500));
    // Interfaces come with their instances; read apart are only those AWS manages (the NLB's).
    expect(sandbox.calls.byAction['DescribeNetworkInterfaces']).toBe(pagesFor(counts.requesterManaged, 1000));
    expect(sandbox.calls.byAction['DescribeTrafficMirrorSessions']).toBe(pagesFor(counts.sessions, 1000));
    expect(sandbox.calls.byAction['DescribeInstanceTypes']).toBe(1);
    expect(sandbox.calls.total()).toBeLessThanOrEqual(60);
    expect(sandbox.calls.mutating()).toBe(0);
  });

  it('makes the same number of calls for 50 and 500 instances', async () => {
    const smallAccount = generated(50);
    const largeAccount = generated(500);
    const small = discoveryOf(smallAccount.file);
    const large = discoveryOf(largeAccount.file);
    // The sensors NLB, as the generated policy names it.
    const arns = (account: ReturnType<typeof generated>) => (account.region.loadBalancers ?? []).slice(0, 1).map((lb) => lb.arn);

    await small.run({ regions: [REGION], loadBalancerArns: arns(smallAccount) });
    await large.run({ regions: [REGION], loadBalancerArns: arns(largeAccount) });
    expect(large.sandbox.calls.byAction['DescribeTargetHealth']).toBeGreaterThan(0);

    expect(large.sandbox.calls.byAction).toEqual(small.sandbox.calls.byAction);
  });

  it('fetches every page when pages are tiny', async () => {
    const { file, region } = generated(23, 11);
    const counts = countsOf(region);
    const { sandbox, run } = discoveryOf(file, { pageSize: 5 });

    const discovered = (await run({ regions: [REGION] })).regions[0];

    const liveIds = (region.instances ?? []).filter((i) => i.state !== 'terminated').map((i) => i.id);
    expect(discovered?.instances.map((instance) => instance.id)).toEqual([...liveIds].sort());
    expect(discovered?.networkInterfaces).toHaveLength(counts.networkInterfaces);
    expect(discovered?.sessions).toHaveLength(counts.sessions);
    expect(discovered?.instanceTypes).toHaveLength(counts.instanceTypes);
    expect(sandbox.calls.byAction).toEqual({
      DescribeVpcs: pagesFor(counts.vpcs, 5),
      DescribeInstances: pagesFor(counts.liveInstances, 5),
      DescribeNetworkInterfaces: pagesFor(counts.requesterManaged, 5),
      DescribeInstanceTypes: typeCallsFor(region, 5, 5),
      DescribeTrafficMirrorTargets: pagesFor(counts.targets, 5),
      DescribeTrafficMirrorFilters: pagesFor(counts.filters, 5),
      DescribeTrafficMirrorSessions: pagesFor(counts.sessions, 5),
    });
    expect(counts.networkInterfaces).toBeGreaterThan(10);
  });

  it('leaves terminated instances to the server-side filter', async () => {
    const { file, region } = generated(40, 3);
    const { sandbox, run } = discoveryOf(file, { pageSize: 5 });
    const instanceIds = (region.instances ?? []).map((instance) => instance.id);
    for (const id of instanceIds.slice(0, 15)) sandbox.terminateInstance(REGION, id);

    const discovered = (await run({ regions: [REGION] })).regions[0];

    expect(discovered?.instances.map((instance) => instance.id)).toEqual(instanceIds.slice(15).sort());
    expect(sandbox.calls.byAction['DescribeInstances']).toBe(pagesFor(25, 5));
  });
});
