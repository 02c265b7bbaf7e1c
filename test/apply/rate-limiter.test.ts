import { describe, expect, it } from 'vitest';
import { AdaptiveRateLimiter, type Permit } from '../../src/aws/apply/rate-limiter.js';
import { virtualClock } from './helpers/clock.js';

const never = (): boolean => false;

async function takeMany(limiter: AdaptiveRateLimiter, count: number): Promise<Permit[]> {
  return Promise.all(Array.from({ length: count }, async () => (await limiter.acquire(never)) as Permit));
}

describe('AdaptiveRateLimiter', () => {
  it('serves the burst at once, then paces at maxRate', async () => {
    const clock = virtualClock();
    const start = clock.now();
    const limiter = new AdaptiveRateLimiter({ burst: 50, maxRate: 5, ...clock });
    await takeMany(limiter, 50);
    expect(clock.now() - start).toBe(0);
    await takeMany(limiter, 10);
    // 10 more tokens at 5 per second take 2 virtual seconds.
    expect(clock.now() - start).toBeGreaterThanOrEqual(2000);
    expect(clock.now() - start).toBeLessThan(2100);
  });

  it('empties the bucket and halves the pace on a throttle, once per generation of calls', async () => {
    const clock = virtualClock();
    const limiter = new AdaptiveRateLimiter({ burst: 10, maxRate: 8, ...clock });
    const permits = await takeMany(limiter, 3);
    for (const permit of permits) limiter.throttled(permit);
    expect(limiter.available).toBe(0);
    expect(limiter.rate).toBe(4);
    const next = (await limiter.acquire(never)) as Permit;
    limiter.throttled(next);
    expect(limiter.rate).toBe(2);
  });

  it('recovers the pace additively after holding it', async () => {
    const clock = virtualClock();
    const limiter = new AdaptiveRateLimiter({ burst: 10, maxRate: 10, ...clock });
    const [permit] = await takeMany(limiter, 1);
    limiter.throttled(permit as Permit);
    expect(limiter.rate).toBe(5);
    await clock.sleep(1000);
    expect(limiter.rate).toBe(5);
    await clock.sleep(2000);
    expect(limiter.rate).toBeCloseTo(7, 5);
    await clock.sleep(10_000);
    expect(limiter.rate).toBe(10);
  });

  it('never drops below a floor', async () => {
    const clock = virtualClock();
    const limiter = new AdaptiveRateLimiter({ burst: 1, maxRate: 32, ...clock });
    for (let i = 0; i < 12; i += 1) limiter.throttled((await limiter.acquire(never)) as Permit);
    expect(limiter.rate).toBe(1);
  });

  it('hands out nothing once stopped', async () => {
    const clock = virtualClock();
    const start = clock.now();
    const limiter = new AdaptiveRateLimiter({ burst: 1, maxRate: 1, ...clock });
    let stopped = false;
    expect(await limiter.acquire(() => stopped)).toBeDefined();
    stopped = true;
    expect(await limiter.acquire(() => stopped)).toBeUndefined();
    expect(clock.now() - start).toBe(0);
  });
});
