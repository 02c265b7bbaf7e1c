/**
 * Token buckets that outlive one apply: a Lambda container heals one batch after another, and EC2's mutating
 * bucket does not refill between them. Fresh buckets per apply would each believe they hold EC2's full burst,
 * and a burst of events would spend it many times over, to be throttled and retried.
 */
import { AdaptiveRateLimiter } from './rate-limiter.js';

export interface PacerOptions {
  /** Mutating calls per second per region. Default 5, EC2's refill rate. */
  readonly maxRate?: number;
  /** Default 50, EC2's mutating bucket. */
  readonly burst?: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export class RegionPacers {
  readonly #options: PacerOptions;
  readonly #limiters = new Map<string, AdaptiveRateLimiter>();

  constructor(options: PacerOptions) {
    this.#options = options;
  }

  limiter(region: string): AdaptiveRateLimiter {
    let limiter = this.#limiters.get(region);
    if (limiter === undefined) {
      const { now, sleep } = this.#options;
      limiter = new AdaptiveRateLimiter({ burst: this.#options.burst ?? 50, maxRate: this.#options.maxRate ?? 5, now, sleep });
      this.#limiters.set(region, limiter);
    }
    return limiter;
  }
}
