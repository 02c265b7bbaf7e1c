/**
 * Each create is confirmed by a Describe from EC2's non-mutating bucket, which AWS sizes at twice the mutating
 * burst and four times its rate (100 and 20/s against 50 and 5/s). The executor keeps that ratio when the
 * mutating pace is raised, so confirmations never set the apply's length; `readRate`/`readBurst` set it outright.
 */
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/aws/apply/index.js';
import { virtualSandbox } from './helpers/sandbox.js';
import { account, eniId, greenfieldPlan, instance, range } from './helpers/world.js';

async function elapsed(options: { readRate?: number; readBurst?: number; maxRate?: number; burst?: number }): Promise<number> {
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
  it('follows the mutating pace by EC2\'s ratio, and readRate and readBurst when given', async () => {
    // At a raised mutating pace (1,000/s), the reads keep up: 300 creates and 306 confirmations in well under 1 s.
    expect(await elapsed({})).toBeLessThan(1_000);
    // Held to EC2's default read bucket: (306 − 100) ÷ 20/s ≈ 10 s.
    const held = await elapsed({ readRate: 20, readBurst: 100 });
    expect(held).toBeGreaterThan(9_000);
    expect(held).toBeLessThan(12_000);
  });
});
