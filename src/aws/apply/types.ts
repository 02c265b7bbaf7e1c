/**
 * The apply executor's public contract: what the CLI passes in, what it hears while the apply runs, and what
 * it gets back.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { RegionPacers } from './pacers.js';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ScopeInputs } from '../../core/scope/index.js';
import type { ObservedAccount } from '../../core/types/observed.js';

/** The part of `AwsClients` (src/aws/clients.ts) the executor uses; ELBv2 only for managed load balancers. */
export interface Ec2Clients {
  ec2(region: string): EC2Client;
  elbv2?(region: string): ElasticLoadBalancingV2Client;
}

export interface ApplyOptions {
  /**
   * The saved plan's id, or a fresh UUID for a direct apply. ClientTokens no longer derive from it (they derive
   * from what is created, so concurrent and repeated runs agree); kept so callers need not change.
   */
  readonly planId?: string;
  /** Actions in flight at once per region (each region has its own EC2 rate limit). Default 16. */
  readonly concurrency?: number;
  /** Mutating calls per second per region. Default 5, EC2's refill rate for the mutating bucket. */
  readonly maxRate?: number;
  /** Calls that may go out at once before pacing starts. Default 50, EC2's mutating bucket size. */
  readonly burst?: number;
  /**
   * Mutating-call buckets kept across applies (one process applying plan after plan); they replace `maxRate`
   * and `burst`. Default: buckets of this apply only.
   */
  readonly pacers?: RegionPacers;
  /**
   * The Describe calls that confirm each create (replay detection) have EC2's non-mutating bucket: default
   * 20 per second after a burst of 100. An account whose limits were raised (or a scaled simulator) says so.
   */
  readonly readRate?: number;
  readonly readBurst?: number;
  /** SIGINT/SIGTERM from the CLI: start nothing new, let the calls in flight finish. */
  readonly signal?: AbortSignal;
  /**
   * Aborts the calls in flight (the CLI fires it a short grace after `signal`): a hung call then ends the
   * action as Interrupted instead of holding the apply open.
   */
  readonly abandon?: AbortSignal;
  readonly onEvent?: (event: ApplyEvent) => void;
  /** Clock in milliseconds; inject together with `sleep` so backoff and windows stay consistent. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1): the jitter of retry backoff. Default Math.random. */
  readonly random?: () => number;
  /** How long NotFound on an id created in this apply is retried. Default 30 s. */
  readonly consistencyWindowMs?: number;
  /**
   * Waiting for a new load balancer to be `active` before a mirror target is made on it, with the SDK's ELBv2
   * waiter: its first and longest delay between polls (ELBv2's own defaults 15 and 120 s), the longest wait
   * (default 15 min), and how often a `waiting` event reports it (default 10 s).
   */
  readonly loadBalancerWait?: {
    readonly minDelaySeconds?: number;
    readonly maxDelaySeconds?: number;
    readonly maxWaitSeconds?: number;
    readonly reportEverySeconds?: number;
  };
  /**
   * What this run's discovery observed, and for which policy, account and scope. When set (the CLI always
   * sets it), every update, delete and replace is checked against it before it starts: one whose resource
   * the scope module does not call `owned` fails as NotOwned without a call to AWS, whatever the plan says.
   */
  readonly ownership?: { readonly observed: ObservedAccount } & ScopeInputs;
}

export interface ActionError {
  /** AWS's error code (e.g. NetworkInterfaceNotSupported), or mirrorctl's own (Interrupted, NotSupported…). */
  readonly code: string;
  readonly message: string;
  /** What it means and what to do, in plain words. */
  readonly explanation: string;
}

export type ActionStatus = 'done' | 'failed' | 'skipped' | 'not-started';

export interface ActionOutcome {
  readonly actionId: string;
  readonly status: ActionStatus;
  /** The id the action created (create, replace) or acted on (update, delete). */
  readonly resourceId?: string;
  readonly error?: ActionError;
  /** SDK calls sent for this action, retries included. */
  readonly attempts: number;
  readonly skippedBecause?: string;
  /** Done, but by someone else: a conflict's re-read found the equivalent resource made by another run. */
  readonly doneBy?: 'another-run';
}

export interface ApplyCounts {
  /** Resources another tool made that are now this policy's; present only when some were adopted. */
  readonly adopted?: number;
  /** A replacement counts in both added and destroyed, as in the plan summary. */
  readonly added: number;
  readonly changed: number;
  readonly destroyed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly notStarted: number;
}

export interface ApplyResult {
  /** In plan order. */
  readonly outcomes: readonly ActionOutcome[];
  readonly counts: ApplyCounts;
  readonly apiCalls: number;
  readonly throttles: number;
  readonly retries: number;
  readonly durationMs: number;
  /** The signal stopped the apply before every action ran; re-running the plan finishes it. */
  readonly interrupted: boolean;
  /** What stopped the apply early, if anything: after that, nothing new started. */
  readonly stoppedBy?: StopReason;
  /** When stopped by `auth`: the first answer that refused the credentials. */
  readonly authFailure?: ActionError;
}

/** `signal`: the caller's AbortSignal. `auth`: AWS refused the credentials (expired, invalid, wrong signature). */
export type StopReason = 'signal' | 'auth';

/** A snapshot carried by every event, enough for a "done/total, rate, ETA, throttles" progress line. */
export interface ApplyProgress {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  readonly skipped: number;
  readonly running: number;
  readonly apiCalls: number;
  readonly throttles: number;
  readonly retries: number;
  readonly elapsedMs: number;
  /** The slowest region's current pace in mutating calls per second (lower than maxRate after throttling). */
  readonly ratePerSecond: number;
  /** Estimated time left at the current pace. */
  readonly etaMs: number;
}

export type ApplyEvent =
  | { readonly type: 'started'; readonly actionId: string; readonly progress: ApplyProgress }
  | {
      readonly type: 'done';
      readonly actionId: string;
      readonly resourceId?: string;
      readonly progress: ApplyProgress;
    }
  | {
      readonly type: 'failed';
      readonly actionId: string;
      readonly error: ActionError;
      readonly progress: ApplyProgress;
    }
  | {
      readonly type: 'skipped';
      readonly actionId: string;
      readonly because: string;
      readonly progress: ApplyProgress;
    }
  | {
      readonly type: 'throttled';
      readonly actionId: string;
      readonly region: string;
      readonly operation: string;
      /** The region's pace after slowing down. */
      readonly ratePerSecond: number;
      readonly progress: ApplyProgress;
    }
  | {
      /** An action waits on AWS (a load balancer becoming active), with no call of its own to count. */
      readonly type: 'waiting';
      readonly actionId: string;
      /** What it waits for, e.g. "load balancer sensors-1a2b to become active". */
      readonly what: string;
      readonly elapsedMs: number;
      readonly progress: ApplyProgress;
    }
  | {
      readonly type: 'retry';
      readonly actionId: string;
      readonly operation: string;
      /** The attempt about to be made, the first being 1. */
      readonly attempt: number;
      /** The error code that caused the retry. */
      readonly code: string;
      readonly delayMs: number;
      readonly progress: ApplyProgress;
    };
