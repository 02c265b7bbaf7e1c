/**
 * The event shapes mirrorctl accepts, from AWS's documented examples (examples/events/). Only the fields
 * the healer reads are checked; everything else AWS adds is ignored, as AWS adds fields over time.
 */
import { z } from 'zod';

const nonEmpty = z.string().min(1);

export const INSTANCE_STATES = ['pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated'] as const;

export const envelopeSchema = z.object({
  id: nonEmpty,
  'detail-type': nonEmpty,
  source: nonEmpty,
  account: nonEmpty,
  time: nonEmpty,
  region: nonEmpty,
  detail: z.unknown(),
});

export const STATE_CHANGE = 'EC2 Instance State-change Notification';
export const API_CALL = 'AWS API Call via CloudTrail';
export const SCHEDULED = 'Scheduled Event';

export const stateChangeDetailSchema = z.object({
  'instance-id': z.string().regex(/^i-[0-9a-f]+$/, 'an instance id (i-…)'),
  state: z.enum(INSTANCE_STATES),
});

const sessionIssuerSchema = z.object({ type: z.string().optional(), arn: z.string().optional() });

export const cloudTrailDetailSchema = z.object({
  eventSource: nonEmpty,
  eventName: nonEmpty,
  errorCode: z.string().optional(),
  userIdentity: z
    .object({
      type: z.string().optional(),
      arn: z.string().optional(),
      accountId: z.string().optional(),
      sessionContext: z.object({ sessionIssuer: sessionIssuerSchema.optional() }).optional(),
    })
    .optional(),
  requestParameters: z.unknown(),
  responseElements: z.unknown(),
});

/** The input mirrorctl asks EventBridge Scheduler (or a hand-made test event) to send: `{"mirrorctl": "reconcile"}`. */
export const reconcileCommandSchema = z.object({
  mirrorctl: z.literal('reconcile'),
  region: z.string().optional(),
});

export const sqsRecordSchema = z.object({
  messageId: nonEmpty,
  body: z.string(),
  eventSource: z.literal('aws:sqs'),
  attributes: z.object({ MessageGroupId: z.string().optional() }).optional(),
});

export const sqsEventSchema = z.object({ Records: z.array(z.unknown()).min(1) });
