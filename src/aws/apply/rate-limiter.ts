/**
 * A client-side copy of EC2's mutating-call token bucket for one region, shared by every worker of an apply.
 * Workers wait here instead of being refused by AWS. A copy that matches AWS's bucket exactly still meets its
 * edge now and then (the two clocks differ by the network latency), so a lone throttle only re-syncs: our
 * bucket empties and stays a token behind AWS's. Throttles that keep coming mean someone else spends the same
 * account budget: then the pace is halved and recovers linearly, AIMD as in TCP.
 *
 * The same lag is there whenever the bucket is full: at the start of a run, and after a pause long enough to
 * fill it again (an apply waiting for its filter before its sessions). A full AWS bucket starts refilling only
 * when the next call arrives, and that call may be slow (connection, credentials, cold code): refilling from the
 * moment it is sent would put us ahead of AWS, and the first call after the burst would be throttled. So a take
 * from a full bucket starts our refill a token later: the burst goes out at once, the call after it waits one
 * token longer.
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
// A throttle within this long of the previous one is not drift but contention.
const CONTENTION_WINDOW_MS = 10_000;
// After a re-sync our bucket waits this many tokens' worth behind AWS's, so drift does not throttle again.
const RESYNC_DEFICIT = 1;
const FLOOR_SHARE = 1 / 32;

export class AdaptiveRateLimiter {
  readonly #options: RateLimiterOptions;
  #tokens: number;
  #rate: number;
  #updatedAt: number;
  #holdUntil = Number.NEGATIVE_INFINITY;
  #lastThrottleAt = Number.NEGATIVE_INFINITY;
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
    return Math.max(0, Math.floor(this.#tokens));
  }

  /** Waits for a token; resolves undefined without taking one once `stopped()` is true. */
  acquire(stopped: () => boolean): Promise<Permit | undefined> {
    const turn = this.#queue.then(() => this.#take(stopped));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  /** AWS refused a call for rate: its bucket is empty, so ours is too; if that keeps happening, the pace drops. */
  throttled(permit: Permit): void {
    this.#refill();
    const now = this.#options.now();
    // Re-synced to AWS's bucket from now on: any lag still pending from the start is replaced by the deficit.
    this.#updatedAt = Math.min(this.#updatedAt, now);
    this.#tokens = -RESYNC_DEFICIT;
    // Calls already in flight when the pace dropped fail together; they count as one signal, not many.
    if (permit.generation !== this.#generation) return;
    this.#generation += 1;
    const contended = now - this.#lastThrottleAt < CONTENTION_WINDOW_MS;
    this.#lastThrottleAt = now;
    if (!contended) return;
    this.#rate = Math.max(this.#options.maxRate * FLOOR_SHARE, this.#rate * DECREASE_FACTOR);
    this.#holdUntil = now + HOLD_MS;
  }

  async #take(stopped: () => boolean): Promise<Permit | undefined> {
    for (;;) {
      if (stopped()) return undefined;
      this.#refill();
      if (this.#tokens >= 1) {
        // A full bucket: AWS's is full too, and starts refilling only when this call arrives.
        const full = this.#tokens >= this.#options.burst;
        this.#tokens -= 1;
        if (full) this.#updatedAt = Math.max(this.#updatedAt, this.#options.now()) + (RESYNC_DEFICIT / this.#rate) * 1000;
        return { generation: this.#generation };
      }
      const lag = Math.max(0, this.#updatedAt - this.#options.now());
      await this.#options.sleep(Math.ceil(lag + ((1 - this.#tokens) / this.#rate) * 1000));
    }
  }

  #refill(): void {
    const now = this.#options.now();
    // Before the start lag has passed there is nothing to refill yet.
    if (now < this.#updatedAt) return;
    const elapsedS = (now - this.#updatedAt) / 1000;
    this.#updatedAt = now;
    this.#tokens = Math.min(this.#options.burst, this.#tokens + elapsedS * this.#rate);
    const recoveringS = Math.min(elapsedS, Math.max(0, now - this.#holdUntil) / 1000);
    if (recoveringS > 0) {
      const step = this.#options.maxRate * RECOVERY_SHARE_PER_SECOND * recoveringS;
      this.#rate = Math.min(this.#options.maxRate, this.#rate + step);
    }
  }
}
