/**
 * Each create is confirmed by a Describe from EC2's non-mutating bucket (20 a second after a burst of 100):
 * with the mutating pace raised, that read pace decides the apply's length unless it is raised alike.
 */
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/aws/apply/index.js';
import { virtualSandbox } from './helpers/sandbox.js';
import { account, eniId, greenfieldPlan, instance, range } from './helpers/world.js';

async function elapsed(options: { readRate?: number; readBurst?: number }): Promise<number> {
  const { clock, clients } = virtualSandbox(account(range(1, 300).map((n) => instance(n))));
  const start = clock.now();
  const result = await applyPlan(greenfieldPlan(range(1, 300).map(eniId)), clients, {
    ...clock,
    maxRate: 1000,
    burst: 1000,
    random: () => 0.5,
    ...options,
  });
  expect(result.counts.failed).toBe(0);
  return clock.now() - start;
}

describe('the pace of the Describes that confirm creates', () => {
  it("defaults to EC2's non-mutating bucket, and follows readRate and readBurst", async () => {
    const slow = await elapsed({});
    const fast = await elapsed({ readRate: 1000, readBurst: 1000 });
    // About 306 confirming Describes: (306 − 100) ÷ 20/s ≈ 10 s at EC2's default read pace.
    expect(slow).toBeGreaterThan(9_000);
    expect(fast).toBeLessThan(1_000);
  });
});
