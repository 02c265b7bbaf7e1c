/**
 * A client-side copy of EC2's mutating-call token bucket for one region, shared by every worker of an apply.
 * Workers wait here instead of being refused by AWS. When AWS throttles anyway (another tool spends the same
 * account budget, clocks drift), the pace is halved and then recovers linearly: AIMD, as in TCP.
 */
export interface RateLimiterOptions {
  readonly burst: number;
  readonly maxRate: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** A granted call. Its generation tells a throttle on a call paced at an already-lowered rate from a stale one. */
export interface Permit {
  readonly generation: number;
}

// The pace stays down this long before it climbs again, so one throttle burst is not answered by a new burst.
const HOLD_MS = 1_000;
// The pace climbs back by a tenth of maxRate per second: from half to full pace in 5 s.
const RECOVERY_SHARE_PER_SECOND = 0.1;
const DECREASE_FACTOR = 0.5;
const FLOOR_SHARE = 1 / 32;

export class AdaptiveRateLimiter {
  readonly #options: RateLimiterOptions;
  #tokens: number;
  #rate: number;
  #updatedAt: number;
  #holdUntil = Number.NEGATIVE_INFINITY;
  #generation = 0;
  // Serialises takers so they are served first come, first served without waking each other.
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: RateLimiterOptions) {
    this.#options = options;
    this.#tokens = options.burst;
    this.#rate = options.maxRate;
    this.#updatedAt = options.now();
  }

  /** Calls per second currently allowed. */
  get rate(): number {
    this.#refill();
    return this.#rate;
  }

  /** Calls that could go out now without waiting. */
  get available(): number {
    this.#refill();
    return Math.floor(this.#tokens);
  }

  /** Waits for a token; resolves undefined without taking one once `stopped()` is true. */
  acquire(stopped: () => boolean): Promise<Permit | undefined> {
    const turn = this.#queue.then(() => this.#take(stopped));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  /** AWS refused a call for rate: its bucket is empty, so ours is too, and the pace drops. */
  throttled(permit: Permit): void {
    this.#refill();
    this.#tokens = 0;
    // Calls already in flight when the pace dropped fail together; they count as one signal, not many.
    if (permit.generation !== this.#generation) return;
    this.#generation += 1;
    this.#rate = Math.max(this.#options.maxRate * FLOOR_SHARE, this.#rate * DECREASE_FACTOR);
    this.#holdUntil = this.#options.now() + HOLD_MS;
  }

  async #take(stopped: () => boolean): Promise<Permit | undefined> {
    for (;;) {
      if (stopped()) return undefined;
      this.#refill();
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return { generation: this.#generation };
      }
      await this.#options.sleep(Math.ceil(((1 - this.#tokens) / this.#rate) * 1000));
    }
  }

  #refill(): void {
    const now = this.#options.now();
    const elapsedS = Math.max(0, now - this.#updatedAt) / 1000;
    this.#updatedAt = now;
    this.#tokens = Math.min(this.#options.burst, this.#tokens + elapsedS * this.#rate);
    const recoveringS = Math.min(elapsedS, Math.max(0, now - this.#holdUntil) / 1000);
    if (recoveringS > 0) {
      const step = this.#options.maxRate * RECOVERY_SHARE_PER_SECOND * recoveringS;
      this.#rate = Math.min(this.#options.maxRate, this.#rate + step);
    }
  }
}
