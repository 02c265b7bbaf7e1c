import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEvent, parseInvocation } from '../../src/events/index.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../examples/events/${name}`, import.meta.url), 'utf8'));

describe('parseEvent', () => {
  it('reads a state-change notification', () => {
    expect(parseEvent(fixture('instance-running.json'))).toEqual({
      ok: true,
      event: {
        kind: 'instance-state',
        id: '7bf73129-1428-4cd3-a780-95db273d1602',
        time: '2025-06-02T14:03:27Z',
        account: '123456789012',
        region: 'us-east-1',
        instanceId: 'i-0e1a9d0c4b7f21003',
        state: 'running',
      },
    });
  });

  it('reads a CloudTrail call with its caller, parameters and error code', () => {
    const parsed = parseEvent(fixture('create-traffic-mirror-session-failed.json'));
    expect(parsed.ok && parsed.event.kind === 'api-call' && parsed.event).toMatchObject({
      eventName: 'CreateTrafficMirrorSession',
      errorCode: 'Client.NetworkInterfaceNotSupported',
      caller: {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::123456789012:assumed-role/Admin/alice',
        issuerArn: 'arn:aws:iam::123456789012:role/Admin',
      },
    });
  });

  it('reads both kinds of schedule', () => {
    expect(parseEvent(fixture('scheduled-event.json'))).toMatchObject({ ok: true, event: { kind: 'schedule', region: 'us-east-1' } });
    expect(parseEvent(fixture('scheduler-reconcile.json'))).toEqual({ ok: true, event: { kind: 'schedule', id: 'mirrorctl-reconcile' } });
  });

  it('parses every fixture', () => {
    const names = [
      'instance-stopped.json',
      'instance-terminated.json',
      'attach-network-interface.json',
      'detach-network-interface.json',
      'create-tags-exclude.json',
      'delete-tags.json',
      'delete-traffic-mirror-session.json',
      'modify-traffic-mirror-session.json',
      'delete-traffic-mirror-target.json',
      'delete-traffic-mirror-filter.json',
      'delete-traffic-mirror-filter-rule.json',
    ];
    for (const name of names) expect(parseEvent(fixture(name)).ok, name).toBe(true);
  });

  it('says where a malformed event is wrong, without throwing', () => {
    const event = fixture('instance-running.json') as { detail: Record<string, unknown> };
    expect(parseEvent({ ...event, detail: { ...event.detail, 'instance-id': 'web-3' } })).toEqual({
      ok: false,
      problem: 'malformed EC2 Instance State-change Notification: detail.instance-id: an instance id (i-…)',
    });
    expect(parseEvent({ hello: 'world' })).toMatchObject({ ok: false, problem: expect.stringMatching(/^not an EventBridge event: id: /) });
    expect(parseEvent({ ...event, source: 'aws.s3', 'detail-type': 'Object Created' })).toEqual({
      ok: false,
      problem: 'an event mirrorctl does not handle: source aws.s3, detail-type "Object Created"',
    });
  });
});

describe('parseInvocation', () => {
  it('unwraps an SQS FIFO batch record by record', () => {
    const invocation = parseInvocation(fixture('sqs-fifo-batch.json'));
    expect(invocation.kind).toBe('sqs');
    if (invocation.kind !== 'sqs') return;
    expect(invocation.fifo).toBe(true);
    expect(invocation.items.map((item) => [item.id, item.event.ok && item.event.event.kind])).toEqual([
      ['059f36b4-87a3-44ab-83d2-661975830a7d', 'instance-state'],
      ['2e1424d4-f796-459a-8184-9c92662be6da', 'api-call'],
    ]);
  });

  it('keeps a bad record as a problem beside the good ones', () => {
    const batch = fixture('sqs-fifo-batch.json') as { Records: { body: string }[] };
    const first = batch.Records[0];
    if (first === undefined) throw new Error('fixture');
    const invocation = parseInvocation({ Records: [{ ...first, body: '{not json' }, ...batch.Records.slice(1)] });
    expect(invocation.kind === 'sqs' && invocation.items.map((item) => item.event.ok)).toEqual([false, true]);
    expect(invocation.kind === 'sqs' && invocation.items[0]?.event).toMatchObject({ problem: expect.stringMatching(/^the SQS message body is not JSON/) });
  });

  it('takes anything else as one event', () => {
    expect(parseInvocation(fixture('instance-running.json'))).toMatchObject({
      kind: 'single',
      item: { id: '7bf73129-1428-4cd3-a780-95db273d1602', event: { ok: true } },
    });
  });
});
