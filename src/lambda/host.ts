/**
 * The heal messages, the Lambda way: one Powertools JSON log line each, and CloudWatch metrics in embedded
 * metric format (sessions created, deleted, updated and failed, events ignored by reason, retried and failed,
 * and heal latency from the event's time to the session's creation).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { messageLevel, type HealHost, type HealMessage } from '../app/heal/index.js';

const SESSION_METRIC = {
  create: 'SessionsCreated',
  delete: 'SessionsDeleted',
  update: 'SessionsUpdated',
  replace: 'SessionsUpdated',
  adopt: 'SessionsAdopted',
} as const;

function count(metrics: Metrics, message: HealMessage): void {
  switch (message.type) {
    case 'action': {
      if (message.resourceType !== 'session') return;
      if (message.result !== 'done') {
        metrics.addMetric('SessionsFailed', MetricUnit.Count, 1);
        return;
      }
      metrics.addMetric(SESSION_METRIC[message.action], MetricUnit.Count, 1);
      if (message.healLatencyMs !== undefined) metrics.addMetric('HealLatency', MetricUnit.Milliseconds, message.healLatencyMs);
      return;
    }
    case 'decision': {
      if (message.decision !== 'ignore') return;
      const single = metrics.singleMetric();
      single.addDimension('Reason', message.reason);
      single.addMetric('EventsIgnored', MetricUnit.Count, 1);
      return;
    }
    case 'verdict':
      if (message.verdict === 'retry') metrics.addMetric('EventsRetried', MetricUnit.Count, 1);
      if (message.verdict === 'failed') metrics.addMetric('EventsFailed', MetricUnit.Count, 1);
      return;
    default:
      return;
  }
}

export function lambdaHost(logger: Logger, metrics: Metrics): HealHost {
  return {
    emit(message) {
      const { type, ...fields } = message;
      logger[messageLevel(message)](type, fields);
      count(metrics, message);
    },
  };
}
