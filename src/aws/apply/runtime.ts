/**
 * What all actions of one apply share: the per-region clients and token buckets, the ids created so far, the
 * call statistics, the clock, and the stop: the caller's signal, or AWS refusing the credentials.
 */
import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ActionContext } from './action-context.js';
import { AdaptiveRateLimiter } from './rate-limiter.js';
import type { ActionError, ApplyEvent, ApplyOptions, ApplyProgress, Ec2Clients, StopReason } from './types.js';

type WithoutProgress<E> = E extends unknown ? Omit<E, 'progress'> : never;
export type ApplyEventDraft = WithoutProgress<ApplyEvent>;

export interface ApplyStats {
  apiCalls: number;
  throttles: number;
  retries: number;
}

const DEFAULT_MAX_RATE = 5;
const DEFAULT_BURST = 50;
const DEFAULT_CONSISTENCY_WINDOW_MS = 30_000;
// EC2's non-mutating bucket (§6.1) is twice the mutating one's burst and refills four times as fast (100 and
// 20/s against 50 and 5/s). The reads that confirm creates follow the mutating pace by that ratio: at EC2's
// defaults they get its 100 and 20/s, and a run paced above them (a raised quota, a scaled sandbox) does not
// wait on one read per create at the default 20/s. `readBurst`/`readRate` set them outright.
const READ_BURST_PER_MUTATING = 2;
const READ_RATE_PER_MUTATING = 4;
// ELBv2 has its own per-account limits, which AWS does not publish per action [unverified]: a modest pace
// suits the handful of calls a managed load balancer takes.
const ELB_BURST = 20;
const ELB_RATE = 10;

/** The scheduler's workers: an action's, lent out while it waits, serves another action until reclaimed. */
export interface WorkerSlots {
  lend(action: ActionContext): void;
  reclaim(action: ActionContext): void;
}

export class Runtime {
  readonly now: () => number;
  readonly random: () => number;
  readonly consistencyWindowMs: number;
  readonly stats: ApplyStats = { apiCalls: 0, throttles: 0, retries: 0 };
  /** Ids of resources created by this apply: NotFound on them means "not propagated yet", not "gone". */
  readonly created = new Set<string>();
  /** Sleeps, but wakes early when the apply is stopped, so a stop never waits out a long backoff. */
  readonly pause: (ms: number) => Promise<void>;
  /** The first error thrown by `onEvent`, rethrown once the apply has finished. */
  listenerError: unknown;
  /** What stopped the apply first, if anything did. */
  stoppedBy: StopReason | undefined;
  /** The answer that stopped it, when AWS refused the credentials. */
  authFailure: ActionError | undefined;

  readonly #clients: Ec2Clients;
  readonly #options: ApplyOptions;
  readonly #maxRate: number;
  readonly #burst: number;
  readonly #ec2 = new Map<string, EC2Client>();
  readonly #limiters = new Map<string, AdaptiveRateLimiter>();
  readonly #stop = new AbortController();
  readonly #readLimiters = new Map<string, AdaptiveRateLimiter>();
  readonly #elb = new Map<string, ElasticLoadBalancingV2Client>();
  readonly #elbLimiters = new Map<string, AdaptiveRateLimiter>();
  #slots: WorkerSlots | undefined;
  #progress: () => ApplyProgress = () => {
    throw new Error('progress reporter not set');
  };

  constructor(clients: Ec2Clients, options: ApplyOptions) {
    this.#clients = clients;
    this.#options = options;
    this.#maxRate = options.maxRate ?? DEFAULT_MAX_RATE;
    this.#burst = options.burst ?? DEFAULT_BURST;
    if (!(this.#maxRate > 0) || !(this.#burst >= 1)) {
      throw new RangeError(`maxRate must be above 0 and burst at least 1, not ${this.#maxRate} and ${this.#burst}`);
    }
    this.now = options.now ?? (() => performance.now());
    this.random = options.random ?? Math.random;
    this.consistencyWindowMs = options.consistencyWindowMs ?? DEFAULT_CONSISTENCY_WINDOW_MS;
    const signal = options.signal;
    if (signal?.aborted === true) this.#halt('signal');
    else signal?.addEventListener('abort', () => this.#halt('signal'), { once: true });
    this.pause = stoppableSleep(options.sleep, this.#stop.signal);
  }

  stopped(): boolean {
    return this.#stop.signal.aborted;
  }

  /** How the scheduler lends an action's worker out while the action only waits. */
  useWorkerSlots(slots: WorkerSlots): void {
    this.#slots = slots;
  }

  /**
   * A retry's wait after a server error, or for something this apply created to propagate (AWS's eventual
   * consistency: a create is confirmed by a read that answers NotFound for a while). The action holds no call
   * meanwhile, so its worker serves other actions: with every create waiting out its own propagation, workers
   * would otherwise sit idle and the pace drop far below the bucket's.
   */
  async waitWithoutCall(action: ActionContext, ms: number): Promise<void> {
    this.#slots?.lend(action);
    try {
      await this.pause(ms);
    } finally {
      this.#slots?.reclaim(action);
    }
  }

  /** The credentials were refused: every other call would be refused too, so nothing new may start. */
  stopForAuth(error: ActionError): void {
    this.authFailure ??= error;
    this.#halt('auth');
  }

  #halt(reason: StopReason): void {
    this.stoppedBy ??= reason;
    this.#stop.abort();
  }

  /** Whether the calls in flight were aborted: their outcome at AWS is unknown. */
  abandoned(): boolean {
    return this.#options.abandon?.aborted === true;
  }

  client(region: string): EC2Client {
    let client = this.#ec2.get(region);
    if (client === undefined) {
      client = withAbortSignal(this.#clients.ec2(region), this.#options.abandon);
      this.#ec2.set(region, client);
    }
    return client;
  }

  elbv2(region: string): ElasticLoadBalancingV2Client {
    let client = this.#elb.get(region);
    if (client === undefined) {
      const make = this.#clients.elbv2;
      if (make === undefined) throw new Error('the executor was given no ELBv2 clients, and the plan manages a load balancer');
      client = withAbortSignal(make(region), this.#options.abandon);
      this.#elb.set(region, client);
    }
    return client;
  }

  elbLimiter(region: string): AdaptiveRateLimiter {
    let limiter = this.#elbLimiters.get(region);
    if (limiter === undefined) {
      limiter = new AdaptiveRateLimiter({ burst: ELB_BURST, maxRate: ELB_RATE, now: this.now, sleep: this.pause });
      this.#elbLimiters.set(region, limiter);
    }
    return limiter;
  }

  get loadBalancerWait(): NonNullable<ApplyOptions['loadBalancerWait']> {
    return this.#options.loadBalancerWait ?? {};
  }

  /** EC2's buckets are per account and region, so each region gets its own. */
  limiter(region: string): AdaptiveRateLimiter {
    const shared = this.#options.pacers?.limiter(region);
    if (shared !== undefined) return shared;
    let limiter = this.#limiters.get(region);
    if (limiter === undefined) {
      limiter = new AdaptiveRateLimiter({
        burst: this.#burst,
        maxRate: this.#maxRate,
        now: this.now,
        sleep: this.pause,
      });
      this.#limiters.set(region, limiter);
    }
    return limiter;
  }

  /** The Describe calls an apply makes to check what it created have EC2's non-mutating bucket to themselves. */
  readLimiter(region: string): AdaptiveRateLimiter {
    let limiter = this.#readLimiters.get(region);
    if (limiter === undefined) {
      limiter = new AdaptiveRateLimiter({
        burst: this.#options.readBurst ?? this.#burst * READ_BURST_PER_MUTATING,
        maxRate: this.#options.readRate ?? this.#maxRate * READ_RATE_PER_MUTATING,
        now: this.now,
        sleep: this.pause,
      });
      this.#readLimiters.set(region, limiter);
    }
    return limiter;
  }

  reportProgressWith(progress: () => ApplyProgress): void {
    this.#progress = progress;
  }

  /**
   * A listener that throws must not turn a successful AWS call into a failed action, nor stop the apply
   * halfway: its error waits until the apply is over.
   */
  emit(draft: ApplyEventDraft): void {
    const onEvent = this.#options.onEvent;
    if (onEvent === undefined) return;
    try {
      onEvent({ ...draft, progress: this.#progress() } as ApplyEvent);
    } catch (error) {
      this.listenerError ??= error;
    }
  }
}

/**
 * The client with `abortSignal` on every `send`, so the resource handlers need not thread it through. The
 * wrapper inherits everything else (config, middleware stack) from the client itself.
 */
function withAbortSignal<C extends EC2Client | ElasticLoadBalancingV2Client>(client: C, abortSignal: AbortSignal | undefined): C {
  if (abortSignal === undefined) return client;
  // Each call in flight listens on this one signal over HTTP (the SDK's request handler): many is expected.
  setMaxListeners(0, abortSignal);
  const wrapped = Object.create(client) as C;
  const original = client.send.bind(client) as (command: never, options: object) => Promise<unknown>;
  const send = (command: never, options?: object): Promise<unknown> => original(command, { ...options, abortSignal });
  Object.defineProperty(wrapped, 'send', { value: send });
  return wrapped;
}

function stoppableSleep(
  sleep: ((ms: number) => Promise<void>) | undefined,
  signal: AbortSignal | undefined,
): (ms: number) => Promise<void> {
  if (signal === undefined) return sleep ?? ((ms) => delay(ms));
  // One abort listener for the whole apply, never one per pause: with more than ten actions waiting for tokens
  // at once, a listener each would trip Node's MaxListenersExceededWarning on every busy apply.
  const wakers = new Set<() => void>();
  const stopped = new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else {
      signal.addEventListener(
        'abort',
        () => {
          for (const wake of wakers) wake();
          resolve();
        },
        { once: true },
      );
    }
  });
  if (sleep !== undefined) return (ms) => Promise.race([sleep(ms), stopped]);
  // A timer cancelled on stop: a pending 20 s backoff must not keep the CLI alive after the apply returns.
  return (ms) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const wake = (): void => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakers.add(wake);
    });
}
