/**
 * Runs the SDK calls of one action: each attempt waits for the region's token bucket, and errors are retried
 * by kind — throttling (pace drops, retry), server and network errors (exponential backoff with full jitter),
 * NotFound on an id this apply just created (eventual consistency: retry within a window) — or end the action;
 * NotFound on an id that existed before the apply ends it at once (deleted meanwhile: waiting cannot help).
 * Refused credentials end the action and stop the whole apply.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { PlanAction, ResourceRef } from '../../core/types/plan.js';
import { classifyError, readNotFound, type ClassifiedError, type NotFoundReading } from './classify.js';
import { explain } from './explanations.js';
import type { Runtime } from './runtime.js';
import type { ActionError } from './types.js';

export interface CallSpec<T> {
  /** The EC2 API action, for events and messages. */
  readonly operation: string;
  readonly send: (ec2: EC2Client) => Promise<T>;
  /**
   * Every resource id the call names. A NotFound that names none of them by id is tied to them by its code's
   * resource kind; on one this apply created it is propagation delay.
   */
  readonly references: readonly string[];
  /** A Describe: EC2 paces it in its own, larger bucket, so it must not spend the mutating budget. */
  readonly read?: boolean;
}

/** An ELBv2 call: paced by the region's ELBv2 bucket, retried and classified as EC2 calls are. */
export interface ElbCallSpec<T> {
  readonly operation: string;
  readonly send: (elb: ElasticLoadBalancingV2Client) => Promise<T>;
  /** ARNs the call names; a not-found answer on one this apply created is retried as propagation delay. */
  readonly references: readonly string[];
}

/** Ends an action with a reported error. */
export class ActionFailure extends Error {
  readonly error: ActionError;

  constructor(error: ActionError) {
    super(error.message);
    this.error = error;
  }
}

/** The apply was stopped before this action sent anything: it is "not started", not failed. */
export class StoppedBeforeStart extends Error {}

export function failure(code: string, message: string): ActionFailure {
  return new ActionFailure({ code, message, explanation: explain(code) });
}

// Attempts per call for server and network errors (the SDK's own limit is 3; a long apply deserves more).
const MAX_ATTEMPTS = 8;
// Throttles are expected at full pace and each one slows the region down, so a call rides out many of them.
// Past that many (minutes of backoff), others are plainly spending the account's budget: the action fails
// and says so, rather than holding the apply open for as long as they keep going.
const MAX_THROTTLES = 20;
const TRANSIENT_BASE_MS = 200;
const THROTTLE_BASE_MS = 500;
const CONSISTENCY_BASE_MS = 250;
// A read confirming a create that holds the apply up polls from this and grows by a quarter each time: reads are
// cheap, and every moment the apply waits on it leaves the mutating bucket full and unused. Other confirmations
// back off with jitter, as they are many and spread over the apply anyway.
const HOLDING_POLL_BASE_MS = 30;
const HOLDING_POLL_GROWTH = 1.25;
const HOLDING_POLL_MAX_MS = 1_000;
const MAX_DELAY_MS = 20_000;

export class ActionContext {
  readonly action: PlanAction;
  /** SDK calls sent for this action so far. */
  attempts = 0;
  /** The resource this action created, as soon as AWS returned its id. */
  createdId: string | undefined;
  /** Set when a conflict, re-read, showed that another run had already done this action. */
  doneBy: 'another-run' | undefined;
  readonly #runtime: Runtime;
  /** Ids produced by this apply, per region and key, for references without an id. */
  readonly #produced: ReadonlyMap<string, string>;
  /** Whether the apply is held up by this action: others wait for it, or nothing else is left to start. */
  readonly #holdsUp: () => boolean;

  constructor(action: PlanAction, runtime: Runtime, produced: ReadonlyMap<string, string>, holdsUp: () => boolean = () => false) {
    this.action = action;
    this.#runtime = runtime;
    this.#produced = produced;
    this.#holdsUp = holdsUp;
  }

  /** The id a reference points at: its own, or the one created earlier in this apply for its key. */
  resolve(ref: ResourceRef): string {
    const id = ref.id ?? this.#produced.get(producedKey(this.action.region, ref.key));
    if (id === undefined) {
      throw failure('UnresolvedReference', `${ref.key} has no id: it was not created earlier in this apply`);
    }
    return id;
  }

  /** Records an id this action created so NotFound on it is treated as propagation delay. */
  created(id: string): string {
    this.#runtime.created.add(id);
    this.createdId = id;
    return id;
  }

  /** A conflict's re-read found the resource this action creates, made by someone else: the goal is met. */
  doneByAnotherRun(id: string): string {
    this.doneBy = 'another-run';
    this.createdId = id;
    return id;
  }

  /** The apply was told to stop: start no new call. */
  stopped(): boolean {
    return this.#runtime.stopped();
  }

  /** For conflict handling that waits for eventual consistency like NotFound does. */
  now(): number {
    return this.#runtime.now();
  }

  get consistencyWindowMs(): number {
    return this.#runtime.consistencyWindowMs;
  }

  pause(ms: number): Promise<void> {
    if (this.#runtime.stopped()) throw failure('Interrupted', `stopped while ${this.action.id} waited on a conflict`);
    return this.#runtime.pause(ms);
  }

  /** The id a create answered with was a replay of a resource that is gone: NotFound on it is final. */
  forget(id: string): void {
    this.#runtime.created.delete(id);
    if (this.createdId === id) this.createdId = undefined;
  }

  /**
   * Called when a create has answered with an id, before that id is confirmed to exist: actions that only need
   * the resource to have been made, not its id, may go on from there.
   */
  onAnswered: ((id: string) => void) | undefined;

  /** A create answered with `id`, which is yet to be read back. */
  answered(id: string): void {
    this.onAnswered?.(id);
  }

  /** `created` for the id a Create call answered with: AWS always sends one, so without it the action fails. */
  returnedId(id: string | undefined, operation: string, noun: string): string {
    if (id === undefined) throw failure('MissingId', `${operation} returned no ${noun} id`);
    return this.created(id);
  }

  call<T>(spec: CallSpec<T>): Promise<T> {
    return this.#attempt(spec, false) as Promise<T>;
  }

  /** A delete: NotFound means someone (or AWS, with its ENI or filter) deleted it already, which is the goal. */
  async remove(spec: CallSpec<unknown>): Promise<void> {
    await this.#attempt(spec, true);
  }

  elb<T>(spec: ElbCallSpec<T>): Promise<T> {
    return this.#attempt(spec, false, 'elbv2') as Promise<T>;
  }

  /** An ELBv2 delete: not found means it is gone already (with its load balancer, or by someone else). */
  async elbRemove(spec: ElbCallSpec<unknown>): Promise<void> {
    await this.#attempt(spec, true, 'elbv2');
  }

  /** The region's ELBv2 client, for the SDK's waiters. */
  elbClient(): ElasticLoadBalancingV2Client {
    return this.#runtime.elbv2(this.action.region);
  }

  get loadBalancerWait(): Runtime['loadBalancerWait'] {
    return this.#runtime.loadBalancerWait;
  }

  /** Counts a call made outside `call` (a waiter's poll), so the apply's totals stay true. */
  countCall(): void {
    this.attempts += 1;
    this.#runtime.stats.apiCalls += 1;
  }

  /** Tells the listener this action is waiting on AWS. */
  waiting(what: string, elapsedMs: number): void {
    this.#runtime.emit({ type: 'waiting', actionId: this.action.id, what, elapsedMs });
  }

  async #attempt<T>(
    spec: CallSpec<T> | ElbCallSpec<T>,
    goneIfNotFound: boolean,
    service: 'ec2' | 'elbv2' = 'ec2',
  ): Promise<T | undefined> {
    const runtime = this.#runtime;
    const region = this.action.region;
    const read = 'read' in spec && spec.read === true;
    const limiter = service === 'elbv2' ? runtime.elbLimiter(region) : read ? runtime.readLimiter(region) : runtime.limiter(region);
    const client = service === 'elbv2' ? runtime.elbv2(region) : runtime.client(region);
    const send = spec.send as (client: EC2Client | ElasticLoadBalancingV2Client) => Promise<T>;
    let attempts = 0;
    let throttles = 0;
    let notFounds = 0;
    let notFoundSince: number | undefined;
    let throttledSince: number | undefined;
    for (;;) {
      const permit = await limiter.acquire(() => runtime.stopped());
      if (permit === undefined) throw this.#interrupted(spec.operation);
      attempts += 1;
      this.attempts += 1;
      runtime.stats.apiCalls += 1;
      let error: ClassifiedError;
      try {
        return await send(client);
      } catch (thrown) {
        if (runtime.abandoned()) throw this.#abandoned(spec.operation);
        error = classifyError(thrown);
      }
      let delayMs: number;
      // Backing off from a throttle keeps the worker: more actions would only queue for the same tokens.
      let lendWorker = false;
      switch (error.class) {
        case 'auth': {
          const failed = this.#failed(spec.operation, error);
          runtime.stopForAuth(failed.error);
          throw failed;
        }
        case 'throttle':
          throttles += 1;
          throttledSince ??= runtime.now();
          runtime.stats.throttles += 1;
          limiter.throttled(permit);
          runtime.emit({
            type: 'throttled',
            actionId: this.action.id,
            region: this.action.region,
            operation: spec.operation,
            ratePerSecond: limiter.rate,
          });
          if (throttles >= MAX_THROTTLES) {
            throw this.#throttledOut(spec.operation, error, throttles, runtime.now() - throttledSince);
          }
          delayMs = this.#backoff(THROTTLE_BASE_MS, throttles);
          break;
        case 'transient':
          if (attempts - throttles - notFounds >= MAX_ATTEMPTS) throw this.#gaveUp(spec.operation, error, attempts);
          delayMs = this.#backoff(TRANSIENT_BASE_MS, attempts - throttles - notFounds);
          lendWorker = true;
          break;
        case 'not-found': {
          if (goneIfNotFound) return undefined;
          const reading = readNotFound(error, spec.references, (id) => runtime.created.has(id));
          if (reading.verdict === 'gone') throw this.#gone(spec.operation, error, reading);
          notFounds += 1;
          notFoundSince ??= runtime.now();
          const waitedMs = runtime.now() - notFoundSince;
          if (waitedMs >= runtime.consistencyWindowMs) throw this.#gaveUp(spec.operation, error, attempts);
          const waitMs = read && this.#holdsUp() ? holdingPoll(notFounds) : this.#backoff(CONSISTENCY_BASE_MS, notFounds);
          delayMs = Math.min(waitMs, runtime.consistencyWindowMs - waitedMs);
          lendWorker = true;
          break;
        }
        case 'idempotency':
        case 'fatal':
          throw this.#failed(spec.operation, error);
      }
      // Stopping lets the attempt in flight finish but starts no retry.
      if (runtime.stopped()) throw this.#interrupted(spec.operation, error);
      runtime.stats.retries += 1;
      runtime.emit({
        type: 'retry',
        actionId: this.action.id,
        operation: spec.operation,
        attempt: attempts + 1,
        code: error.code,
        delayMs,
      });
      if (lendWorker) await runtime.waitWithoutCall(this, delayMs);
      else await runtime.pause(delayMs);
    }
  }

  /** Full jitter: a uniform delay up to an exponentially growing cap, so retrying workers spread out. */
  #backoff(baseMs: number, retry: number): number {
    return Math.round(this.#runtime.random() * Math.min(MAX_DELAY_MS, baseMs * 2 ** (retry - 1)));
  }

  #failed(operation: string, error: ClassifiedError): ActionFailure {
    return new ActionFailure({
      code: error.code,
      message: `${operation}: ${error.message}`,
      explanation: explain(error.code),
    });
  }

  /** NotFound on something that existed before the apply: it was deleted meanwhile, and no wait brings it back. */
  #gone(operation: string, error: ClassifiedError, reading: Extract<NotFoundReading, { verdict: 'gone' }>): ActionFailure {
    if (reading.goneCode === undefined || reading.noun === undefined) return this.#failed(operation, error);
    const what = reading.id === undefined ? `the ${reading.noun}` : `${reading.noun} ${reading.id}`;
    return new ActionFailure({
      code: reading.goneCode,
      message: `${operation}: ${what} no longer exists (${error.code}: ${error.message})`,
      explanation: explain(reading.goneCode),
    });
  }

  #gaveUp(operation: string, error: ClassifiedError, attempts: number): ActionFailure {
    return new ActionFailure({
      code: error.code,
      message: `${operation} failed ${attempts} times; last: ${error.message}`,
      explanation: explain(error.code),
    });
  }

  /**
   * Keeps AWS's code, so whatever counts throttling failures by code still finds it; says in plain words how
   * long this one call was refused for rate, since the pacing is meant to make this rare.
   */
  #throttledOut(operation: string, error: ClassifiedError, throttles: number, overMs: number): ActionFailure {
    return new ActionFailure({
      code: error.code,
      message:
        `${operation} was throttled ${throttles} times over ${formatSeconds(overMs)} (last: ${error.code}: ` +
        `${error.message}): EC2's rate limit stayed exhausted all that time, so mirrorctl gave up on it`,
      explanation: explain(error.code),
    });
  }

  #abandoned(operation: string): ActionFailure {
    return failure(
      'Interrupted',
      `${operation} was abandoned in flight after the interrupt; AWS may have carried it out, the next plan shows`,
    );
  }

  #interrupted(operation: string, error?: ClassifiedError): Error {
    if (this.attempts === 0) return new StoppedBeforeStart();
    const what = error === undefined ? 'sent' : `retried after ${error.code}`;
    return failure('Interrupted', `stopped before ${operation} could be ${what}`);
  }
}

function holdingPoll(retry: number): number {
  return Math.round(Math.min(HOLDING_POLL_MAX_MS, HOLDING_POLL_BASE_MS * HOLDING_POLL_GROWTH ** (retry - 1)));
}

export function producedKey(region: string, key: string): string {
  return `${region}\0${key}`;
}

function formatSeconds(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
