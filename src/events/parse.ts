/**
 * Raw invocation payloads → parsed events. Nothing here throws for bad input: a record that is not an event
 * mirrorctl understands becomes a problem the healer reports (and ignores), so one bad record never fails
 * the records around it.
 */
import type { z } from 'zod';
import {
  API_CALL,
  cloudTrailDetailSchema,
  envelopeSchema,
  reconcileCommandSchema,
  SCHEDULED,
  sqsEventSchema,
  sqsRecordSchema,
  STATE_CHANGE,
  stateChangeDetailSchema,
} from './schemas.js';
import type { HealInvocation, HealItem, ParsedEvent } from './types.js';

const EC2_EVENT_SOURCE = 'ec2.amazonaws.com';
const SCHEDULE_SOURCES = new Set(['aws.events', 'aws.scheduler']);

function describeIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
}

const problem = (text: string): ParsedEvent => ({ ok: false, problem: text });

export function parseEvent(value: unknown): ParsedEvent {
  const command = reconcileCommandSchema.safeParse(value);
  if (command.success) {
    const { region } = command.data;
    return { ok: true, event: { kind: 'schedule', id: 'mirrorctl-reconcile', ...(region === undefined ? {} : { region }) } };
  }
  const envelope = envelopeSchema.safeParse(value);
  if (!envelope.success) return problem(`not an EventBridge event: ${describeIssues(envelope.error)}`);
  const { id, time, account, region, source, detail } = envelope.data;
  const detailType = envelope.data['detail-type'];
  const common = { id, time, account, region };

  if (SCHEDULE_SOURCES.has(source) && detailType === SCHEDULED) {
    return { ok: true, event: { kind: 'schedule', ...common } };
  }
  if (source === 'aws.ec2' && detailType === STATE_CHANGE) {
    const parsed = stateChangeDetailSchema.safeParse(detail);
    if (!parsed.success) return problem(`malformed ${STATE_CHANGE}: ${describeIssues(parsed.error, 'detail')}`);
    return { ok: true, event: { kind: 'instance-state', ...common, instanceId: parsed.data['instance-id'], state: parsed.data.state } };
  }
  if (source === 'aws.ec2' && detailType === API_CALL) {
    const parsed = cloudTrailDetailSchema.safeParse(detail);
    if (!parsed.success) return problem(`malformed ${API_CALL}: ${describeIssues(parsed.error, 'detail')}`);
    const call = parsed.data;
    if (call.eventSource !== EC2_EVENT_SOURCE) return problem(`a CloudTrail event from ${call.eventSource}, not EC2`);
    const identity = call.userIdentity;
    const issuerArn = identity?.sessionContext?.sessionIssuer?.arn;
    return {
      ok: true,
      event: {
        kind: 'api-call',
        ...common,
        eventName: call.eventName,
        ...(call.errorCode === undefined ? {} : { errorCode: call.errorCode }),
        caller: {
          ...(identity?.type === undefined ? {} : { type: identity.type }),
          ...(identity?.arn === undefined ? {} : { arn: identity.arn }),
          ...(identity?.accountId === undefined ? {} : { accountId: identity.accountId }),
          ...(issuerArn === undefined ? {} : { issuerArn }),
        },
        requestParameters: call.requestParameters,
        responseElements: call.responseElements,
      },
    };
  }
  return problem(`an event mirrorctl does not handle: source ${source}, detail-type "${detailType}"`);
}

/** An SQS event: a `Records` array whose records come from SQS. */
export function isSqsEvent(value: unknown): boolean {
  const parsed = sqsEventSchema.safeParse(value);
  if (!parsed.success) return false;
  const first = parsed.data.Records[0] as { eventSource?: unknown } | undefined;
  return first?.eventSource === 'aws:sqs';
}

function sqsItem(record: unknown, position: number): { item: HealItem; fifo: boolean } {
  const parsed = sqsRecordSchema.safeParse(record);
  if (!parsed.success) {
    const messageId = (record as { messageId?: unknown } | undefined)?.messageId;
    const id = typeof messageId === 'string' && messageId !== '' ? messageId : `record-${position}`;
    return { item: { id, event: problem(`malformed SQS record: ${describeIssues(parsed.error)}`) }, fifo: false };
  }
  const { messageId, body } = parsed.data;
  const fifo = parsed.data.attributes?.MessageGroupId !== undefined;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { item: { id: messageId, event: problem(`the SQS message body is not JSON: ${(error as Error).message}`) }, fifo };
  }
  return { item: { id: messageId, event: parseEvent(json) }, fifo };
}

export function parseInvocation(value: unknown): HealInvocation {
  if (isSqsEvent(value)) {
    const records = (value as { Records: unknown[] }).Records.map(sqsItem);
    return { kind: 'sqs', items: records.map((record) => record.item), fifo: records.some((record) => record.fifo) };
  }
  const event = parseEvent(value);
  const id = event.ok ? event.event.id : 'event';
  return { kind: 'single', item: { id, event } };
}
