/**
 * Applies one after another in one process (a Lambda container healing batch after batch) share EC2's
 * mutating bucket: with pacers kept across them, the second waits for tokens instead of being throttled.
 */
import { describe, expect, it } from 'vitest';
import { applyPlan, RegionPacers } from '../../src/aws/apply/index.js';
import { virtualSandbox } from './helpers/sandbox.js';
import { account, eniId, greenfieldPlan, instance, range } from './helpers/world.js';

async function twoApplies(shared: boolean): Promise<{ throttled: number; failed: number }> {
  const { clock, sandbox, clients } = virtualSandbox(account(range(1, 80).map((n) => instance(n))), { throttle: { factor: 1 } });
  const pacers = shared ? new RegionPacers(clock) : undefined;
  const options = { ...clock, concurrency: 16, ...(pacers === undefined ? {} : { pacers }) };
  const first = await applyPlan(greenfieldPlan(range(1, 40).map(eniId)), clients, options);
  const second = await applyPlan(greenfieldPlan(range(41, 40).map(eniId)), clients, options);
  return { throttled: sandbox.calls.throttled, failed: first.counts.failed + second.counts.failed };
}

describe('pacers kept across applies', () => {
  it("make the next apply wait for the tokens the previous one spent, so EC2 throttles nothing", async () => {
    expect(await twoApplies(true)).toEqual({ throttled: 0, failed: 0 });
  });

  it('without them, the next apply spends a burst EC2 no longer has', async () => {
    const { throttled } = await twoApplies(false);
    expect(throttled).toBeGreaterThan(0);
  });
});
