import { describe, expect, it } from 'vitest';
import { AdaptiveRateLimiter, type Permit } from '../../src/aws/apply/rate-limiter.js';
import { TokenBuckets } from '../../src/sandbox/sim/throttle.js';
import { virtualClock } from './helpers/clock.js';

const never = (): boolean => false;

async function takeMany(limiter: AdaptiveRateLimiter, count: number): Promise<Permit[]> {
  return Promise.all(Array.from({ length: count }, async () => (await limiter.acquire(never)) as Permit));
}

describe('AdaptiveRateLimiter', () => {
  it('serves the burst at once, then paces at maxRate, starting a token behind', async () => {
    const clock = virtualClock();
    const start = clock.now();
    const limiter = new AdaptiveRateLimiter({ burst: 50, maxRate: 5, ...clock });
    await takeMany(limiter, 50);
    expect(clock.now() - start).toBe(0);
    await takeMany(limiter, 10);
    // 10 more tokens at 5 per second take 2 virtual seconds, after the token of lag.
    expect(clock.now() - start).toBeGreaterThanOrEqual(2200);
    expect(clock.now() - start).toBeLessThan(2300);
  });

  it("starts refilling a token after the first call: AWS's bucket refills from its arrival, and it is the slowest", async () => {
    const clock = virtualClock();
    const limiter = new AdaptiveRateLimiter({ burst: 50, maxRate: 5, ...clock });
    await clock.sleep(5_000);
    const start = clock.now();
    await takeMany(limiter, 51);
    // The 51st waits two tokens: the one AWS refills once the first call arrived, and the one it takes.
    expect(clock.now() - start).toBe(400);
  });

  it('starts a token behind again whenever the bucket filled up meanwhile: AWS refills from the next arrival', async () => {
    // An apply spends a few calls on its filter, waits for it to propagate (its bucket fills up again), then
    // sends the sessions' burst: the call after that burst must wait out the same token as at the start.
    const clock = virtualClock();
    const limiter = new AdaptiveRateLimiter({ burst: 50, maxRate: 5, ...clock });
    await takeMany(limiter, 3);
    await clock.sleep(5_000);
    const start = clock.now();
    await takeMany(limiter, 51);
    expect(clock.now() - start).toBe(400);
  });

  it("lets the call after the first burst reach AWS's bucket with a token in it, though the burst arrived late", async () => {
    // The burst's calls arrive 40 ms after they were sent (connections opening), later ones 10 ms after: AWS's
    // bucket, full until the first arrival, refills from there. The simulator's bucket plays AWS's.
    const clock = virtualClock();
    const limiter = new AdaptiveRateLimiter({ burst: 50, maxRate: 5, ...clock });
    const arrivals: number[] = [];
    for (let call = 0; call < 60; call += 1) {
      await limiter.acquire(never);
      arrivals.push(clock.now() + (call < 50 ? 40 : 10));
    }
    const aws = new TokenBuckets(1);
    const throttled = arrivals.sort((a, b) => a - b).filter((at) => !aws.take('us-east-1/CreateTrafficMirrorSession', 'mutating', at));
    expect(throttled).toEqual([]);
  });

  it('answers a lone throttle by re-syncing: the bucket empties and waits a token behind, the pace stays', async () => {
    const clock = virtualClock();
    const limiter = new AdaptiveRateLimiter({ burst: 10, maxRate: 8, ...clock });
    const [permit] = await takeMany(limiter, 1);
    limiter.throttled(permit as Permit);
    expect(limiter.available).toBe(0);
    expect(limiter.rate).toBe(8);
    const before = clock.now();
    await limiter.acquire(never);
    // One token of deficit plus the one taken: two tokens at 8 per second.
    expect(clock.now() - before).toBe(250);
  });

  it('halves the pace when throttles keep coming, once per generation of calls in flight', async () => {
    const clock = virtualClock();
    const limiter = new AdaptiveRateLimiter({ burst: 10, maxRate: 8, ...clock });
    limiter.throttled((await limiter.acquire(never)) as Permit);
    const inFlight = await takeMany(limiter, 3);
    for (const permit of inFlight) limiter.throttled(permit);
    expect(limiter.rate).toBe(4);
    limiter.throttled((await limiter.acquire(never)) as Permit);
    expect(limiter.rate).toBe(2);
  });

  it('treats throttles far apart as drift, not contention', async () => {
    const clock = virtualClock();
    const limiter = new AdaptiveRateLimiter({ burst: 10, maxRate: 8, ...clock });
    limiter.throttled((await limiter.acquire(never)) as Permit);
    await clock.sleep(11_000);
    limiter.throttled((await limiter.acquire(never)) as Permit);
    expect(limiter.rate).toBe(8);
  });

  it('recovers the pace additively after holding it', async () => {
    const clock = virtualClock();
    const limiter = new AdaptiveRateLimiter({ burst: 10, maxRate: 10, ...clock });
    limiter.throttled((await limiter.acquire(never)) as Permit);
    limiter.throttled((await limiter.acquire(never)) as Permit);
    expect(limiter.rate).toBe(5);
    const held = clock.now();
    await clock.sleep(1000 - (clock.now() - held));
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
    // Halved eleven times from 32 would be 1/64; the floor is 1/32 of maxRate (plus what it recovered while
    // the last slow acquire waited).
    expect(limiter.rate).toBeGreaterThanOrEqual(1);
    expect(limiter.rate).toBeLessThan(1.5);
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
