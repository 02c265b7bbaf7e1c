/** A sandbox account, its policy file, events about it, and healers (one per simulated Lambda container). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Account } from '../../src/app/account.js';
import { createHealer, type Healer, type HealerOptions, type HealMessage } from '../../src/app/heal/index.js';
import { createAwsClients } from '../../src/aws/clients.js';
import { parseEvent, type HealItem } from '../../src/events/index.js';
import { createSandbox, type Sandbox, type SandboxFile, type SandboxInstance, type SimulatorOptions } from '../../src/sandbox/index.js';
import { afterAll, expect } from 'vitest';
import { virtualClock, type VirtualClock } from '../apply/helpers/clock.js';
import { evaluateWorld } from '../iam/evaluate.js';
import { recordingSandbox, type RecordedWorld } from '../iam/recorder.js';
import { ACCOUNT, NLB_ARN, POLICY, REGION, VPC, account } from '../apply/helpers/world.js';

export { ACCOUNT, REGION, VPC, eniId, instance, instanceId, range } from '../apply/helpers/world.js';

/** The healer's role session, as STS names it inside Lambda. */
export const HEALER_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/mirrorctl-healer/mirrorctl-heal`;

export const POLICY_YAML = `version: 1
name: ${POLICY}
regions: [${REGION}]
targets:
  sensors: { networkLoadBalancerArn: ${NLB_ARN} }
filters:
  everything:
    networkServices: [amazon-dns]
    ingress: [{ number: 100, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }]
    egress: [{ number: 100, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }]
vpcs:
  - { id: ${VPC}, target: sensors, filter: everything }
exclude: { tags: { mirroring: excluded } }
`;

export function policyFile(text = POLICY_YAML): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mirrorctl-heal-')), 'mirror.config.yaml');
  writeFileSync(path, text);
  return path;
}

export interface World {
  readonly sandbox: Sandbox;
  readonly clock: VirtualClock;
  readonly account: Account;
  readonly policyPath: string;
  /** A new healer: a new Lambda container (its own caches and buckets) on the same account. */
  healer(options?: Partial<HealerOptions>): Healer;
}

export function world(
  instances: SandboxInstance[],
  options: { simulator?: Omit<SimulatorOptions, 'now'>; file?: Partial<SandboxFile>; policy?: string; readerAttempts?: number } = {},
): World {
  const clock = virtualClock();
  const file = { ...account(instances), callerArn: HEALER_ARN, ...options.file };
  const sandbox = createSandbox(file, { ...options.simulator, now: clock.now });
  const policyPath = policyFile(options.policy);
  const recording = recordingSandbox(sandbox, policyPath);
  recordedWorlds.push(recording.world);
  const recorded = recording.sandbox;
  const accountClients: Account = {
    readers: createAwsClients({ sandbox: recorded, maxAttempts: options.readerAttempts ?? 8 }),
    writers: createAwsClients({ sandbox: recorded, maxAttempts: 1 }),
  };
  return {
    sandbox,
    clock,
    account: accountClients,
    policyPath,
    healer: (overrides = {}) =>
      createHealer({
        account: accountClients,
        policySource: { kind: 'file', path: policyPath },
        defaultRegion: REGION,
        clock,
        ...overrides,
      }),
  };
}

/**
 * The role `mirrorctl package` generates must allow every AWS call the healer makes: each test file that
 * heals through these worlds ends by evaluating all of them against it (a real IAM evaluator, see
 * test/iam/), so a new call the role forgets fails the suite that makes it.
 */
const recordedWorlds: RecordedWorld[] = [];

afterAll(async () => {
  const verdicts = await Promise.all(recordedWorlds.map(async (recorded) => ({ policy: recorded.policyPath, ...(await evaluateWorld(recorded)) })));
  const denied = verdicts.flatMap((verdict) => verdict.denied.map((decision) => ({ policy: verdict.policy, ...decision })));
  expect(denied, 'calls the generated IAM role denies').toEqual([]);
});

let sequence = 0;
const nextId = (): string => `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`;

export function stateChange(instance: string, state: string, time = new Date().toISOString()): Record<string, unknown> {
  return {
    version: '0',
    id: nextId(),
    'detail-type': 'EC2 Instance State-change Notification',
    source: 'aws.ec2',
    account: ACCOUNT,
    time,
    region: REGION,
    resources: [`arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${instance}`],
    detail: { 'instance-id': instance, state },
  };
}

export function apiCall(
  eventName: string,
  requestParameters: unknown,
  parts: { callerRole?: string; errorCode?: string; time?: string } = {},
): Record<string, unknown> {
  const role = parts.callerRole ?? 'Admin';
  const time = parts.time ?? new Date().toISOString();
  return {
    version: '0',
    id: nextId(),
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.ec2',
    account: ACCOUNT,
    time,
    region: REGION,
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/someone`,
        accountId: ACCOUNT,
        sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/${role}`, accountId: ACCOUNT } },
      },
      eventTime: time,
      eventSource: 'ec2.amazonaws.com',
      eventName,
      awsRegion: REGION,
      requestParameters,
      responseElements: null,
      ...(parts.errorCode === undefined ? {} : { errorCode: parts.errorCode }),
    },
  };
}

export const schedule = (): Record<string, unknown> => ({ mirrorctl: 'reconcile' });

export function items(...events: Record<string, unknown>[]): HealItem[] {
  return events.map((event, index) => {
    const parsed = parseEvent(event);
    return { id: parsed.ok ? parsed.event.id : `item-${index}`, event: parsed };
  });
}

export function collector(): { messages: HealMessage[]; emit(message: HealMessage): void; of<T extends HealMessage['type']>(type: T): Extract<HealMessage, { type: T }>[] } {
  const messages: HealMessage[] = [];
  return {
    messages,
    emit: (message) => messages.push(message),
    of: (type) => messages.filter((message) => message.type === type) as never,
  };
}

/** Sessions in the account per source interface, by owner tag. */
export function sessionsOf(sandbox: Sandbox): { id: string; eni: string; number: number; policy?: string; packetLength?: number }[] {
  return (sandbox.toFile().regions[REGION]?.trafficMirrorSessions ?? []).map((session) => ({
    id: session.id,
    eni: session.networkInterfaceId,
    number: session.sessionNumber,
    ...(session.tags?.['mirrorctl:policy'] === undefined ? {} : { policy: session.tags['mirrorctl:policy'] }),
    ...(session.packetLength === undefined ? {} : { packetLength: session.packetLength }),
  }));
}
