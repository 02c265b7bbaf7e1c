/**
 * EC2 request throttling: a token bucket per region and API action, sized by the action's category
 * (AWS: "each API is evaluated individually"), with EC2's documented defaults scaled by `factor`.
 */
export type ThrottleCategory = 'non-mutating' | 'unfiltered-non-mutating' | 'mutating' | 'tags' | 'none';

const DEFAULTS: Readonly<Record<Exclude<ThrottleCategory, 'none'>, { burst: number; perSecond: number }>> = {
  'non-mutating': { burst: 100, perSecond: 20 },
  'unfiltered-non-mutating': { burst: 50, perSecond: 10 },
  mutating: { burst: 50, perSecond: 5 },
  tags: { burst: 100, perSecond: 10 },
};

interface Bucket {
  tokens: number;
  last: number;
}

export class TokenBuckets {
  private readonly factor: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(factor: number) {
    this.factor = factor;
  }

  /** Takes one token; false when the bucket is empty (the call is throttled). */
  take(key: string, category: ThrottleCategory, now: number): boolean {
    if (category === 'none') return true;
    const { burst, perSecond } = DEFAULTS[category];
    const capacity = burst * this.factor;
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = { tokens: capacity, last: now }));
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.last) / 1000) * perSecond * this.factor);
    bucket.last = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
