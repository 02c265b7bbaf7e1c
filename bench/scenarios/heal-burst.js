/**
 * An Auto Scaling rollout reaching the Lambda healer: `instances` launches within one (scaled) minute, each
 * "running" event queued in an SQS FIFO queue (one message group, as the deployment serialises a region),
 * delivered to the real handler in batches of up to 10, one batch at a time, records it reports as failed
 * put back at the head of the queue. The account already has its target and filter.
 *
 * The floor is EC2's mutating bucket: the k-th session create cannot happen before its launch, nor before the
 * bucket (full at the first launch) has refilled k − burst tokens. Also measured: the calls of a single
 * launch, on a cold and on a warm container.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { applyPlan } from '../../dist/aws/apply/index.js';
import { isThrottlingCode } from '../../dist/aws/apply/classify.js';
import { createAwsClients } from '../../dist/aws/clients.js';
import { createHandler } from '../../dist/lambda/handler.js';
import { loadPolicyFromString } from '../../dist/policy/load.js';
import { createSandbox, generateAccount, generatePolicyFor } from '../../dist/sandbox/index.js';
import { discoverAndPlan } from '../lib/observe.js';
import { bucketOf, sandboxOptions } from '../lib/realism.js';
import { ownedSessions } from '../lib/verify-apply.js';

const BATCH_SIZE = 10;
const REGION = 'us-east-1';

/** The handler's log lines, kept instead of printed: the scenario's stdout carries its figures only. */
class Recorder extends Logger {
  constructor() {
    super({ serviceName: 'mirrorctl-healer', logLevel: 'SILENT' });
    this.actions = [];
    this.failures = [];
  }

  #keep(message, fields) {
    if (message === 'action') {
      if (fields.result === 'done') this.actions.push(fields);
      else this.failures.push(fields);
    }
  }

  info(message, fields) {
    this.#keep(message, fields);
  }

  warn(message, fields) {
    this.#keep(message, fields);
  }

  error(message, fields) {
    this.#keep(message, fields);
  }
}

function account(params) {
  const file = generateAccount({
    seed: params.seed,
    regions: [REGION],
    vpcsPerRegion: params.vpcsPerRegion,
    instances: params.instances,
    interfacesPerInstance: params.interfacesPerInstance,
    unsupportedShare: 0,
    mirroredShare: 0,
    foreignShare: 0,
  });
  const text = generatePolicyFor(file);
  const { policy } = loadPolicyFromString(text, 'bench-policy.yaml');
  const path = join(mkdtempSync(join(tmpdir(), 'mirrorctl-bench-')), 'mirror.config.yaml');
  writeFileSync(path, text);
  const instances = file.regions[REGION].instances;
  const interfaces = instances.reduce((sum, instance) => sum + instance.interfaces.length, 0);
  return { file: { ...file, callerArn: `arn:aws:sts::${file.accountId}:assumed-role/mirrorctl-healer/mirrorctl-heal` }, policy, path, instances, interfaces };
}

/** The target and filter, as a first deployment's reconcile leaves them: set-up, not measured. */
async function createTargetAndFilter(sandbox, policy) {
  const { plan } = await discoverAndPlan(sandbox, policy);
  const shared = { ...plan, actions: plan.actions.filter((action) => action.type !== 'session') };
  const clients = createAwsClients({ sandbox, maxAttempts: 1 });
  await applyPlan(shared, clients, {}).finally(() => clients.destroy());
}

let sequence = 0;
function stateChange(accountId, instanceId) {
  sequence += 1;
  const event = {
    version: '0',
    id: `burst-${sequence}`,
    'detail-type': 'EC2 Instance State-change Notification',
    source: 'aws.ec2',
    account: accountId,
    time: new Date().toISOString(),
    region: REGION,
    resources: [`arn:aws:ec2:${REGION}:${accountId}:instance/${instanceId}`],
    detail: { 'instance-id': instanceId, state: 'running' },
  };
  return {
    messageId: `message-${sequence}`,
    receiptHandle: `handle-${sequence}`,
    body: JSON.stringify(event),
    attributes: { MessageGroupId: 'mirrorctl', MessageDeduplicationId: `dedup-${sequence}`, SequenceNumber: String(sequence), ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'bench', ApproximateFirstReceiveTimestamp: String(Date.now()) },
    messageAttributes: {},
    md5OfBody: '0',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${REGION}:${accountId}:mirrorctl.fifo`,
    awsRegion: REGION,
  };
}

function handlerFor(sandbox, path, bucket) {
  const logger = new Recorder();
  const handler = createHandler({
    account: { readers: createAwsClients({ sandbox }), writers: createAwsClients({ sandbox, maxAttempts: 1 }) },
    env: { AWS_REGION: REGION, MIRRORCTL_POLICY_FILE: path },
    logger,
    metrics: new Metrics({ namespace: 'bench' }),
    healer: { pacing: { maxRate: bucket.rate, burst: bucket.burst } },
  });
  return { handler, logger };
}

function pairForSingleLaunch(instances) {
  const single = instances.filter((instance) => instance.interfaces.length === 1);
  for (const [index, instance] of single.entries()) {
    const twin = single.slice(index + 1).find((other) => other.type === instance.type);
    if (twin !== undefined) return [instance, twin];
  }
  throw new Error('the generated account has no two one-interface instances of one type');
}

async function singleLaunchCalls(sandbox, invoke, message) {
  sandbox.calls.reset();
  await invoke({ Records: [message] });
  return sandbox.calls.total();
}

/** The earliest the k-th create can happen: after its launch, and once the bucket has the k-th token. */
function floorMs(arrivals, interfacesOf, bucket) {
  let k = 0;
  let floor = 0;
  for (const { at, instanceId } of arrivals) {
    for (let n = 0; n < interfacesOf.get(instanceId); n += 1) {
      k += 1;
      floor = Math.max(floor, at, ((k - bucket.burst) / bucket.rate) * 1000);
    }
  }
  return floor;
}

const percentile = (values, share) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
};

export async function run(params) {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const bucket = bucketOf(params);
  const { file, policy, path, instances, interfaces } = account(params);
  const sandbox = createSandbox(file, sandboxOptions(params));
  await createTargetAndFilter(sandbox, policy);
  const interfacesOf = new Map(instances.map((instance) => [instance.id, instance.interfaces.length]));

  // A single launch on a cold container, then on a warm one (two one-interface instances of one type): set
  // apart from the burst.
  const [first, second] = pairForSingleLaunch(instances);
  const burst = instances.filter((instance) => instance !== first && instance !== second);
  const single = handlerFor(sandbox, path, bucket);
  const cold = await singleLaunchCalls(sandbox, single.handler, stateChange(file.accountId, first.id));
  const warm = await singleLaunchCalls(sandbox, single.handler, stateChange(file.accountId, second.id));
  // Let the bucket refill, so the burst starts from a full one as its floor assumes.
  await sleep(Math.ceil((bucket.burst / bucket.rate) * 1000));

  const { handler, logger } = handlerFor(sandbox, path, bucket);
  const windowMs = params.launchWindowMs;
  const queue = [];
  const arrivals = [];
  let wake = () => undefined;
  sandbox.calls.reset();
  const start = performance.now();
  const producing = (async () => {
    for (const [index, instance] of burst.entries()) {
      const wait = start + (index * windowMs) / burst.length - performance.now();
      if (wait > 0) await sleep(wait);
      arrivals.push({ at: performance.now() - start, instanceId: instance.id });
      queue.push(stateChange(file.accountId, instance.id));
      wake();
    }
  })();

  let delivered = 0;
  let batches = 0;
  let redelivered = 0;
  while (delivered < burst.length) {
    if (queue.length === 0) await new Promise((resolve) => (wake = resolve));
    const batch = queue.splice(0, BATCH_SIZE);
    batches += 1;
    const response = await handler({ Records: batch });
    const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    redelivered += failed.size;
    queue.unshift(...batch.filter((record) => failed.has(record.messageId)));
    delivered += batch.length - failed.size;
  }
  await producing;
  const wallMs = performance.now() - start;
  const floor = floorMs(arrivals, interfacesOf, bucket);
  const latencies = logger.actions.filter((action) => action.healLatencyMs !== undefined).map((action) => action.healLatencyMs);
  const sessions = ownedSessions(sandbox.toFile());
  return {
    shape: { instances: instances.length, interfaces, regions: 1, vpcs: params.vpcsPerRegion },
    bucket,
    launchWindowMs: windowMs,
    singleLaunch: { coldCalls: cold, warmCalls: warm },
    wallMs,
    floorMs: floor,
    ratio: wallMs / floor,
    batches,
    redelivered,
    ownedSessions: sessions.owned,
    duplicates: sessions.duplicates,
    failedActions: logger.failures.length,
    throttlingFailures: logger.failures.filter((failure) => isThrottlingCode(failure.errorCode ?? '')).length,
    simulatorThrottled: sandbox.calls.throttled,
    calls: sandbox.calls.total(),
    byAction: { ...sandbox.calls.byAction },
    healLatencyMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), max: Math.max(0, ...latencies) },
  };
}
