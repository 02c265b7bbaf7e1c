/**
 * The Lambda handler on the sandbox: every kind of event, direct and in SQS batches (partial failures
 * reported per record), Powertools JSON log lines and EMF metrics.
 */
import { DeleteTrafficMirrorSessionCommand } from '@aws-sdk/client-ec2';
import type { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandler, RetryLater } from '../../src/lambda/handler.js';
import { apiCall, eniId, instance, instanceId, range, REGION, schedule, sessionsOf, stateChange, world, type World } from '../heal/helpers.js';

let lines: Record<string, any>[];

beforeEach(() => {
  lines = [];
  // Powertools writes INFO lines to stdout, WARN and ERROR to stderr: Lambda sends both to CloudWatch.
  const capture = (chunk: string | Uint8Array): boolean => {
    for (const line of String(chunk).split('\n')) {
      if (line.trim().startsWith('{')) lines.push(JSON.parse(line));
    }
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});

afterEach(() => vi.restoreAllMocks());

function handlerFor(w: World, env: Record<string, string> = {}) {
  return createHandler({
    account: w.account,
    env: { AWS_REGION: REGION, MIRRORCTL_POLICY_FILE: w.policyPath, ...env },
    healer: { clock: w.clock },
  });
}

const logged = (message: string) => lines.filter((line) => line['message'] === message);
const metricsLines = () => lines.filter((line) => line['_aws'] !== undefined);
const metricNames = () => metricsLines().flatMap((line) => line['_aws'].CloudWatchMetrics.flatMap((set: any) => set.Metrics.map((metric: any) => metric.Name)));

let sequence = 0;
function sqs(events: Record<string, unknown>[], fifo: boolean) {
  return {
    Records: events.map((event) => {
      sequence += 1;
      return {
        messageId: `message-${sequence}`,
        receiptHandle: `handle-${sequence}`,
        body: JSON.stringify(event),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '1748873008000',
          SenderId: 'AIDAEXAMPLE',
          ApproximateFirstReceiveTimestamp: '1748873008000',
          ...(fifo ? { MessageGroupId: 'mirrorctl', MessageDeduplicationId: `dedup-${sequence}`, SequenceNumber: String(sequence) } : {}),
        },
        messageAttributes: {},
        md5OfBody: '0',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:${REGION}:123456789012:mirrorctl${fifo ? '.fifo' : ''}`,
        awsRegion: REGION,
      };
    }),
  };
}

describe('direct events', () => {
  it('a launch: the session, a JSON log line per decision and action, and EMF metrics', async () => {
    const w = world(range(1, 2).map((n) => instance(n)));
    const result = await handlerFor(w)(stateChange(instanceId(1), 'running'));
    expect(result).toMatchObject({ verdict: { verdict: 'healed' } });
    expect(sessionsOf(w.sandbox).map((session) => session.eni)).toEqual([eniId(1)]);
    expect(logged('decision')[0]).toMatchObject({ level: 'INFO', service: 'mirrorctl-healer', decision: 'scope', instanceIds: [instanceId(1)] });
    const action = logged('action').find((line) => line['resourceType'] === 'session');
    expect(action).toMatchObject({ action: 'create', result: 'done', instanceId: instanceId(1), networkInterfaceId: eniId(1), requestId: expect.any(String) });
    expect(logged('aws-call').map((line) => line['operation'])).toContain('CreateTrafficMirrorSession');
    expect(metricNames()).toEqual(expect.arrayContaining(['SessionsCreated', 'HealLatency']));
  });

  it('an event to retry fails the invocation, so Lambda delivers it again', async () => {
    const w = world([instance(1)]);
    await expect(handlerFor(w)(stateChange('i-0000beef', 'running'))).rejects.toBeInstanceOf(RetryLater);
    expect(logged('verdict')[0]).toMatchObject({ level: 'WARN', verdict: 'retry' });
  });

  it('every kind of event is decided and reported', async () => {
    const w = world(range(1, 3).map((n) => instance(n)));
    const handler = handlerFor(w);
    await handler(stateChange(instanceId(1), 'running'));
    const session = sessionsOf(w.sandbox)[0]?.id ?? '';
    const tags = (eventName: string) =>
      apiCall(eventName, { resourcesSet: { items: [{ resourceId: instanceId(2) }] }, tagSet: { items: [{ key: 'mirroring', value: 'excluded' }] } });
    const events: [string, Record<string, unknown>][] = [
      ['scope', stateChange(instanceId(2), 'running')],
      ['scope', stateChange(instanceId(2), 'stopped')],
      ['scope', stateChange(instanceId(3), 'terminated')],
      ['scope', apiCall('AttachNetworkInterface', { networkInterfaceId: eniId(3), instanceId: instanceId(3), deviceIndex: 1 })],
      ['scope', apiCall('DetachNetworkInterface', { attachmentId: 'eni-attach-0123', force: false })],
      ['scope', tags('CreateTags')],
      ['scope', tags('DeleteTags')],
      ['scope', apiCall('ModifyTrafficMirrorSession', { ModifyTrafficMirrorSessionRequest: { TrafficMirrorSessionId: session } })],
      ['reconcile', apiCall('DeleteTrafficMirrorSession', { DeleteTrafficMirrorSessionRequest: { TrafficMirrorSessionId: session } })],
      ['reconcile', apiCall('DeleteTrafficMirrorTarget', { DeleteTrafficMirrorTargetRequest: { TrafficMirrorTargetId: 'tmt-0' } })],
      ['reconcile', apiCall('DeleteTrafficMirrorFilter', { DeleteTrafficMirrorFilterRequest: { TrafficMirrorFilterId: 'tmf-0' } })],
      ['reconcile', apiCall('DeleteTrafficMirrorFilterRule', { DeleteTrafficMirrorFilterRuleRequest: { TrafficMirrorFilterRuleId: 'tmfr-0' } })],
      ['reconcile', schedule()],
      ['reconcile', { version: '0', id: 'rule-1', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '123456789012', time: new Date().toISOString(), region: REGION, resources: [], detail: {} }],
      ['ignore', apiCall('CreateTrafficMirrorSession', {}, { errorCode: 'Client.NetworkInterfaceNotSupported' })],
    ];
    for (const [decision, event] of events) {
      lines = [];
      await handler(event);
      expect(logged('decision').map((line) => line['decision']), JSON.stringify(event).slice(0, 120)).toEqual([decision]);
    }
    // Events are hints, the account is the truth: nothing was tagged or terminated, so the reconciles tap all three.
    expect(sessionsOf(w.sandbox).map((item) => item.eni).sort()).toEqual(range(1, 3).map(eniId));
  });

  it('an invalid policy fails every invocation, with the diagnostics located in the log', async () => {
    const w = world([instance(1)], { policy: 'version: 1\nname: x\nregions: [eu-west-1]\nfilters: { f: { ingress: [{ number: 0 }] } }\n' });
    const handler = handlerFor(w);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      lines = [];
      await expect(handler(stateChange(instanceId(1), 'running'))).rejects.toThrow(/not a valid policy/);
      expect(logged('policy-invalid')[0]).toMatchObject({ level: 'ERROR', diagnostics: expect.arrayContaining([expect.objectContaining({ location: expect.stringMatching(/:4:\d+$/) })]) });
    }
  });
});

describe('misconfiguration', () => {
  it('two policy sources at once: every invocation fails, saying why, and nothing is called', async () => {
    const w = world([instance(1)]);
    await expect(handlerFor(w, { MIRRORCTL_POLICY_SSM: '/mirrorctl/policy' })(stateChange(instanceId(1), 'running'))).rejects.toThrow(/both set/);
    expect(logged('setup-failed')).toHaveLength(1);
    expect(w.sandbox.calls.total()).toBe(0);
  });

  it("the tests' sandbox variable is refused inside AWS Lambda, before anything is loaded or called", async () => {
    const w = world([instance(1)]);
    const sandboxModule = join(mkdtempSync(join(tmpdir(), 'mirrorctl-hook-')), 'sandbox.mjs');
    writeFileSync(sandboxModule, 'globalThis.mirrorctlHookLoaded = true; export const sandbox = {};\n');
    for (const reserved of ['AWS_LAMBDA_FUNCTION_NAME', 'LAMBDA_TASK_ROOT']) {
      lines = [];
      const handler = createHandler({
        env: { AWS_REGION: REGION, MIRRORCTL_POLICY_FILE: w.policyPath, MIRRORCTL_TEST_SANDBOX_MODULE: sandboxModule, [reserved]: 'set by Lambda' },
      });
      await expect(handler(stateChange(instanceId(1), 'running'))).rejects.toThrow(/MIRRORCTL_TEST_SANDBOX_MODULE is set in an AWS Lambda function/);
      expect(logged('setup-failed')[0]).toMatchObject({ level: 'ERROR', retryable: false });
    }
    expect((globalThis as { mirrorctlHookLoaded?: boolean }).mirrorctlHookLoaded).toBeUndefined();
  });

  it('a policy pinned to other accounts fails every invocation before any EC2 read', async () => {
    const w = world([instance(1)], { policy: (await import('../heal/helpers.js')).POLICY_YAML.replace('regions:', 'accounts: ["999999999999"]\nregions:') });
    await expect(handlerFor(w)(stateChange(instanceId(1), 'running'))).rejects.toThrow(/account 999999999999/);
    expect(logged('setup-failed')[0]).toMatchObject({ level: 'ERROR', retryable: false });
    expect(Object.keys(w.sandbox.calls.byAction)).toEqual(['GetCallerIdentity']);
  });
});

/**
 * A bucket and a parameter store, enough for the healer's one read: answers as S3 and SSM do (NoSuchKey,
 * ParameterNotFound), and a scripted outage for the first N reads.
 */
function policyStores(objects: Record<string, string>, parameters: Record<string, string>, failFirst = 0) {
  let reads = 0;
  const fail = (name: string, message: string) => Object.assign(new Error(message), { name });
  const s3 = {
    send: async (command: GetObjectCommand) => {
      reads += 1;
      if (reads <= failFirst) throw Object.assign(fail('InternalError', 'We encountered an internal error. Please try again.'), { $fault: 'server' });
      const text = objects[`${command.input.Bucket}/${command.input.Key}`];
      if (text === undefined) throw fail('NoSuchKey', 'The specified key does not exist.');
      const bytes = new TextEncoder().encode(text);
      return { ContentLength: bytes.length, Body: { transformToByteArray: async () => bytes } };
    },
  } as unknown as S3Client;
  const ssm = {
    send: async (command: GetParameterCommand) => {
      reads += 1;
      const value = parameters[command.input.Name ?? ''];
      if (value === undefined) throw fail('ParameterNotFound', '');
      return { Parameter: { Name: command.input.Name, Value: value } };
    },
  } as unknown as SSMClient;
  return { clients: () => ({ s3, ssm }), reads: () => reads };
}

describe('a policy kept in S3 or SSM (a central policy for several accounts)', () => {
  const handlerWith = (w: World, env: Record<string, string>, stores: ReturnType<typeof policyStores>) =>
    createHandler({
      account: w.account,
      env: { AWS_REGION: REGION, MIRRORCTL_POLICY_FILE: '', ...env },
      healer: { clock: w.clock, policyObjectClients: stores.clients },
    });

  it('reads it once per cold start from S3, and heals with it', async () => {
    const w = world([instance(1), instance(2)]);
    const stores = policyStores({ 'policies/prod/mirror.config.yaml': readFileSync(w.policyPath, 'utf8') }, {});
    const handler = handlerWith(w, { MIRRORCTL_POLICY_S3: 's3://policies/prod/mirror.config.yaml' }, stores);
    await handler(stateChange(instanceId(1), 'running'));
    await handler(stateChange(instanceId(2), 'running'));
    expect(sessionsOf(w.sandbox).map((item) => item.eni).sort()).toEqual([eniId(1), eniId(2)]);
    expect(stores.reads()).toBe(1);
  });

  it('reads it from an SSM parameter', async () => {
    const w = world([instance(1)]);
    const stores = policyStores({}, { '/mirrorctl/policy': readFileSync(w.policyPath, 'utf8') });
    await handlerWith(w, { MIRRORCTL_POLICY_SSM: '/mirrorctl/policy' }, stores)(stateChange(instanceId(1), 'running'));
    expect(sessionsOf(w.sandbox).map((item) => item.eni)).toEqual([eniId(1)]);
  });

  it('a missing object fails every invocation without retrying, naming it; an outage is read again next time', async () => {
    const w = world([instance(1)]);
    const missing = handlerWith(w, { MIRRORCTL_POLICY_S3: 's3://policies/nope.yaml' }, policyStores({}, {}));
    await expect(missing(stateChange(instanceId(1), 'running'))).rejects.toThrow('the policy s3://policies/nope.yaml does not exist (NoSuchKey)');
    expect(logged('setup-failed')[0]).toMatchObject({ retryable: false });
    expect(w.sandbox.calls.total()).toBe(0);

    lines = [];
    const stores = policyStores({ 'policies/p.yaml': readFileSync(w.policyPath, 'utf8') }, {}, 1);
    const flaky = handlerWith(w, { MIRRORCTL_POLICY_S3: 's3://policies/p.yaml' }, stores);
    await expect(flaky(stateChange(instanceId(1), 'running'))).rejects.toThrow();
    expect(logged('setup-failed')[0]).toMatchObject({ retryable: true });
    await flaky(stateChange(instanceId(1), 'running'));
    expect(sessionsOf(w.sandbox).map((item) => item.eni)).toEqual([eniId(1)]);
    expect(stores.reads()).toBe(2);
  });

  it('an invalid policy in S3 is located by its URI', async () => {
    const w = world([instance(1)]);
    const stores = policyStores({ 'policies/bad.yaml': 'version: 1\nname: x\nregions: [nowhere]\n' }, {});
    await expect(handlerWith(w, { MIRRORCTL_POLICY_S3: 's3://policies/bad.yaml' }, stores)(stateChange(instanceId(1), 'running'))).rejects.toThrow();
    expect(logged('policy-invalid')[0]).toMatchObject({ diagnostics: expect.arrayContaining([expect.objectContaining({ location: expect.stringMatching(/^s3:\/\/policies\/bad\.yaml:3:\d+$/) })]) });
  });
});

describe('SQS batches', () => {
  it('reports only the record to retry (standard queue), the others are done', async () => {
    const w = world(range(1, 3).map((n) => instance(n)));
    const event = sqs([stateChange('i-0000beef', 'running'), stateChange(instanceId(1), 'running'), { not: 'an event' }, stateChange(instanceId(2), 'running')], false);
    const response = await handlerFor(w)(event);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[0]?.messageId }] });
    expect(sessionsOf(w.sandbox).map((session) => session.eni).sort()).toEqual([eniId(1), eniId(2)]);
    expect(logged('decision').map((line) => line['reason'])).toContain('unrecognised-event');
  });

  it('on a FIFO queue returns the failed record and those after it, keeping the group in order', async () => {
    const w = world(range(1, 3).map((n) => instance(n)));
    const event = sqs([stateChange(instanceId(1), 'running'), stateChange('i-0000beef', 'running'), stateChange(instanceId(2), 'running')], true);
    const response = await handlerFor(w)(event);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[1]?.messageId }, { itemIdentifier: event.Records[2]?.messageId }] });
    // Healed all the same: the redelivered record finds nothing to do.
    expect(sessionsOf(w.sandbox).map((session) => session.eni).sort()).toEqual([eniId(1), eniId(2)]);
  });

  it('a tamper and a launch in one batch: the full reconcile covers both', async () => {
    const w = world(range(1, 3).map((n) => instance(n)));
    const handler = handlerFor(w);
    await handler(schedule());
    const victim = sessionsOf(w.sandbox)[0];
    await w.sandbox.ec2(REGION).send(new DeleteTrafficMirrorSessionCommand({ TrafficMirrorSessionId: victim?.id ?? '' }));
    lines = [];
    const response = await handler(
      sqs([apiCall('DeleteTrafficMirrorSession', { DeleteTrafficMirrorSessionRequest: { TrafficMirrorSessionId: victim?.id } }), stateChange(instanceId(3), 'running')], true),
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sessionsOf(w.sandbox).map((session) => session.eni).sort()).toEqual(range(1, 3).map(eniId));
    expect(logged('discovered')).toMatchObject([{ run: 'full' }]);
  });
});
