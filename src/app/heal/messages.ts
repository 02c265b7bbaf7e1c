/**
 * What the heal use case tells its edge, one message per decision and per AWS action. Plain data: the Lambda
 * edge writes them as Powertools JSON log lines and EMF metrics, `mirrorctl heal` as JSON lines on stdout.
 */
import type { ActionStatus } from '../../aws/apply/index.js';
import type { CallRecord } from './call-log.js';
import type { PlanAction, SkipReason } from '../../core/types/plan.js';

export type Verdict = 'healed' | 'ignored' | 'retry' | 'failed';

export type HealMessage =
  /** The policy does not load: every invocation fails until it is fixed and deployed again. */
  | {
      readonly type: 'policy-invalid';
      readonly file: string;
      readonly diagnostics: readonly { readonly location: string; readonly code: string; readonly message: string; readonly hint?: string }[];
    }
  /** Before any event: the account could not be identified, or the policy is pinned to other accounts. */
  | { readonly type: 'setup-failed'; readonly message: string; readonly hint?: string; readonly retryable: boolean }
  | {
      readonly type: 'decision';
      readonly item: string;
      readonly event?: string;
      readonly decision: 'ignore' | 'scope' | 'reconcile';
      readonly reason: string;
      readonly detail: string;
      readonly region?: string;
      readonly instanceIds?: readonly string[];
      readonly interfaceIds?: readonly string[];
      readonly sessionIds?: readonly string[];
    }
  | {
      readonly type: 'discovered';
      readonly region: string;
      readonly run: 'scoped' | 'full';
      readonly events: readonly string[];
      /** Scoped runs: the interfaces the run is about. */
      readonly interfaceIds?: readonly string[];
      readonly actions: number;
      readonly durationMs: number;
    }
  /** A read failed: nothing was changed. */
  | {
      readonly type: 'read-failed';
      readonly region: string;
      readonly run: 'scoped' | 'full';
      readonly events: readonly string[];
      readonly code?: string;
      readonly message: string;
      readonly retryable: boolean;
    }
  /** An interface of a scoped run that gets no session, and why (a full run reports them in its plan). */
  | {
      readonly type: 'skipped-interface';
      readonly region: string;
      readonly events: readonly string[];
      readonly instanceId?: string;
      readonly networkInterfaceId: string;
      readonly reason: SkipReason;
      readonly detail: string;
    }
  /** One mutating AWS call, with AWS's request id. */
  | ({ readonly type: 'aws-call' } & CallRecord)
  | {
      readonly type: 'action';
      readonly region: string;
      readonly events: readonly string[];
      readonly action: PlanAction['action'];
      readonly resourceType: PlanAction['type'];
      readonly key: string;
      readonly reason: string;
      readonly result: ActionStatus;
      readonly resourceId?: string;
      readonly networkInterfaceId?: string;
      readonly instanceId?: string;
      readonly requestId?: string;
      readonly doneBy?: 'another-run';
      readonly errorCode?: string;
      readonly error?: string;
      readonly explanation?: string;
      /** Failed, skipped or not started: whether running again may succeed. */
      readonly retryable?: boolean;
      /** A session created: from the event's time to now. */
      readonly healLatencyMs?: number;
    }
  /** What became of one item: the edge fails `retry` items (SQS redelivers them), and only those. */
  | { readonly type: 'verdict'; readonly item: string; readonly event?: string; readonly verdict: Verdict; readonly reason: string };

export interface HealHost {
  emit(message: HealMessage): void;
}

export type MessageLevel = 'info' | 'warn' | 'error';

/** How loud a message is, the same for every edge: failures for good are errors, what will be retried warns. */
export function messageLevel(message: HealMessage): MessageLevel {
  switch (message.type) {
    case 'policy-invalid':
    case 'setup-failed':
      return 'error';
    case 'read-failed':
      return message.retryable ? 'warn' : 'error';
    case 'aws-call':
      return message.errorCode === undefined ? 'info' : 'warn';
    case 'action':
      if (message.result === 'done') return 'info';
      return message.retryable === true ? 'warn' : 'error';
    case 'verdict':
      return message.verdict === 'failed' ? 'error' : message.verdict === 'retry' ? 'warn' : 'info';
    default:
      return 'info';
  }
}
