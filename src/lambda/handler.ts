/**
 * The Lambda entry point: EventBridge events (EC2 state changes, EC2 API calls via CloudTrail, schedules)
 * delivered directly or in SQS batches, healed by the same engine as `mirrorctl apply`. One ESM module
 * with no file reads of its own: the policy comes from MIRRORCTL_POLICY_FILE (default mirror.config.yaml,
 * bundled next to the handler).
 *
 * SQS batches: the items are healed together and each record that should run again is reported in
 * `batchItemFailures` (Powertools batch; for a FIFO queue the records after a failed one are returned
 * too, so the group keeps its order). A direct event that should run again makes the invocation fail, so
 * Lambda's asynchronous retries (or EventBridge's) deliver it again.
 */
import { BatchProcessor, EventType, processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Account } from '../app/account.js';
import { createAwsClients } from '../aws/clients.js';
import { createHealer, policySourceFromEnv, type Healer, type HealerOptions, type ItemVerdict } from '../app/heal/index.js';
import { parseInvocation } from '../events/index.js';
import { lambdaHost } from './host.js';
import { testSandbox } from './test-sandbox.js';

export interface HandlerOptions {
  /** Default: AWS through the SDK's default chain (the function's role). */
  readonly account?: Account;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  /** Clock, pacing, cache windows… (tests). */
  readonly healer?: Partial<Omit<HealerOptions, 'account' | 'policySource'>>;
}

/** A direct event's result: what the healer made of it. */
export interface DirectResult {
  readonly verdict: ItemVerdict;
}

/** Thrown to have Lambda deliver a direct event again. */
export class RetryLater extends Error {
  override readonly name = 'RetryLater';
}

const SERVICE = 'mirrorctl-healer';

export function createHandler(options: HandlerOptions = {}): (event: unknown, context?: Context) => Promise<SQSBatchResponse | DirectResult> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? new Logger({ serviceName: SERVICE });
  const metrics = options.metrics ?? new Metrics({ namespace: env['POWERTOOLS_METRICS_NAMESPACE'] ?? 'mirrorctl', serviceName: SERVICE });
  // Created on the first invocation and kept by the container: policy, identity, caches and token buckets.
  let healer: Healer | undefined;

  const healerOf = async (): Promise<Healer> => {
    if (healer !== undefined) return healer;
    const region = env['AWS_REGION'];
    let policySource;
    let sandbox;
    try {
      policySource = policySourceFromEnv(env);
      sandbox = options.account === undefined ? await testSandbox(env) : undefined;
    } catch (error) {
      // A misconfigured function fails every invocation, and says why.
      logger.error('setup-failed', { message: (error as Error).message, retryable: false });
      throw error;
    }
    const clients = sandbox === undefined ? {} : { sandbox };
    healer = createHealer({
      // Built here rather than by openAccount, whose sandbox branch would otherwise be bundled with the function.
      account: options.account ?? { readers: createAwsClients(clients), writers: createAwsClients({ ...clients, maxAttempts: 1 }) },
      policySource,
      ...(region === undefined ? {} : { defaultRegion: region }),
      ...options.healer,
    });
    return healer;
  };

  return async (event, context) => {
    if (context !== undefined) logger.addContext(context);
    const host = lambdaHost(logger, metrics);
    try {
      const running = await healerOf();
      const invocation = parseInvocation(event);
      if (invocation.kind === 'single') {
        const [verdict] = await running.heal([invocation.item], host);
        if (verdict === undefined) throw new Error('the healer returned no verdict');
        if (verdict.verdict === 'retry') throw new RetryLater(verdict.reason);
        return { verdict };
      }
      const verdicts = await running.heal(invocation.items, host);
      const retry = new Map(verdicts.filter((verdict) => verdict.verdict === 'retry').map((verdict) => [verdict.item, verdict.reason]));
      const recordHandler = async (record: SQSRecord): Promise<void> => {
        const reason = retry.get(record.messageId);
        if (reason !== undefined) throw new RetryLater(reason);
      };
      return invocation.fifo
        ? await processPartialResponse(event as SQSEvent, recordHandler, new SqsFifoPartialProcessorAsync(), {
            ...(context === undefined ? {} : { context }),
            skipGroupOnError: true,
          })
        : await processPartialResponse(event as SQSEvent, recordHandler, new BatchProcessor(EventType.SQS), {
            ...(context === undefined ? {} : { context }),
          });
    } finally {
      // An invocation that only ignored events has nothing to publish; Powertools would warn about it.
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}

export const handler = createHandler();
