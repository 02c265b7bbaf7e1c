/**
 * What the healer is asked to react to, once parsed: plain data, no I/O. Events are hints ("look at this
 * instance again"); what to do is always decided from what discovery then reads.
 */
import type { InstanceState } from '../core/types/observed.js';

/** Fields every EventBridge event carries, with the envelope's names. */
export interface EventEnvelope {
  readonly id: string;
  /** ISO 8601, when AWS emitted the event: heal latency is measured from it. */
  readonly time: string;
  readonly account: string;
  readonly region: string;
}

/** Who made an API call, as CloudTrail names them. */
export interface ApiCaller {
  readonly type?: string;
  readonly arn?: string;
  readonly accountId?: string;
  /** For a role session: the role the session was issued from (`arn:aws:iam::ACCOUNT:role/PATH/NAME`). */
  readonly issuerArn?: string;
}

export type HealEvent =
  /** EventBridge "EC2 Instance State-change Notification". */
  | (EventEnvelope & { readonly kind: 'instance-state'; readonly instanceId: string; readonly state: InstanceState })
  /** EventBridge "AWS API Call via CloudTrail" from EC2. */
  | (EventEnvelope & {
      readonly kind: 'api-call';
      readonly eventName: string;
      readonly errorCode?: string;
      readonly caller: ApiCaller;
      readonly requestParameters: unknown;
      readonly responseElements: unknown;
    })
  /** A `rate()`/`cron()` rule, or an EventBridge Scheduler schedule with mirrorctl's reconcile input. */
  | {
      readonly kind: 'schedule';
      readonly id: string;
      readonly time?: string;
      readonly account?: string;
      readonly region?: string;
    };

/** One unit of work: a direct invocation's event, or one SQS record's body. */
export interface HealItem {
  /** The SQS message id (what batchItemFailures names), or the event's own id. */
  readonly id: string;
  readonly event: ParsedEvent;
}

export type ParsedEvent = { readonly ok: true; readonly event: HealEvent } | { readonly ok: false; readonly problem: string };

/** What an invocation carried: one event, or an SQS batch of them. */
export type HealInvocation =
  | { readonly kind: 'single'; readonly item: HealItem }
  | { readonly kind: 'sqs'; readonly items: readonly HealItem[]; readonly fifo: boolean };
