/**
 * The `healer:` section: how the Lambda healer that `mirrorctl package` and `mirrorctl deploy` ship runs. It
 * lives in the policy so the reviewed file says how often the full reconcile runs, not a deploy flag.
 */
import * as z from 'zod';
import type { HealerSettings } from '../core/types/policy.js';
import type { Problem } from './ids.js';
import { checkedBy, report } from './report.js';

export const DEFAULT_HEALER_SETTINGS: HealerSettings = {
  schedule: 'rate(1 hour)',
  memoryMb: 512,
  timeoutSeconds: 300,
  logRetentionDays: 30,
};

/** The values CloudWatch Logs accepts for a log group's retention. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\(([^()]+)\)$/;

/** EventBridge's schedule expressions: `rate(VALUE UNIT)`, singular unit for 1, or a six-field `cron(…)`. */
export function checkSchedule(expression: string): Problem | undefined {
  const hint = 'write e.g. "rate(1 hour)", "rate(30 minutes)" or "cron(0 * * * ? *)" (EventBridge schedule expressions)';
  const rate = RATE.exec(expression);
  if (rate !== null) {
    const value = Number(rate[1]);
    const unit = rate[2] ?? '';
    if (value < 1 || String(value) !== rate[1]) {
      return { code: 'invalid-schedule', message: `the schedule's rate must be a whole number of at least 1, not ${rate[1]}`, hint };
    }
    const plural = unit.endsWith('s');
    if ((value === 1) === plural) {
      const fixed = value === 1 ? unit.slice(0, -1) : `${unit}s`;
      return { code: 'invalid-schedule', message: `EventBridge refuses "${expression}": a rate of ${value} takes "${fixed}"`, hint: `write "rate(${value} ${fixed})"` };
    }
    return undefined;
  }
  const cron = CRON.exec(expression);
  if (cron !== null) {
    const fields = (cron[1] ?? '').trim().split(/\s+/);
    if (fields.length !== 6) {
      return { code: 'invalid-schedule', message: `a cron() schedule has 6 fields (minutes hours day-of-month month day-of-week year), not ${fields.length}`, hint };
    }
    if ((fields[2] === '?') === (fields[4] === '?')) {
      return { code: 'invalid-schedule', message: 'a cron() schedule needs "?" in exactly one of day-of-month and day-of-week', hint };
    }
    return undefined;
  }
  return { code: 'invalid-schedule', message: `"${expression}" is not an EventBridge schedule expression`, hint };
}

const whole = (min: number, max: number, code: string, label: string, description: string) =>
  z
    .int()
    .superRefine((value, ctx) => {
      if (value < min || value > max) report(ctx, { code, message: `${label} ${value} is outside ${min} to ${max}` });
    })
    .meta({ minimum: min, maximum: max, description });

export const healerSettingsSchema = z
  .strictObject({
    schedule: z
      .string()
      .superRefine(checkedBy(checkSchedule))
      .meta({
        pattern: '^(rate\\([0-9]+ (minute|minutes|hour|hours|day|days)\\)|cron\\([^()]+\\))$',
        description: 'How often the healer runs the full reconcile: an EventBridge rate() or cron() expression.',
      })
      .default(DEFAULT_HEALER_SETTINGS.schedule),
    memoryMb: whole(128, 10240, 'healer-memory-range', 'memoryMb', "The function's memory in MB.").default(DEFAULT_HEALER_SETTINGS.memoryMb),
    timeoutSeconds: whole(1, 900, 'healer-timeout-range', 'timeoutSeconds', 'Seconds one invocation may run (a full reconcile of a large region needs minutes).').default(
      DEFAULT_HEALER_SETTINGS.timeoutSeconds,
    ),
    logRetentionDays: z
      .int()
      .superRefine((days, ctx) => {
        if (!(LOG_RETENTION_DAYS as readonly number[]).includes(days)) {
          const nearest = [...LOG_RETENTION_DAYS].sort((a, b) => Math.abs(a - days) - Math.abs(b - days))[0];
          report(ctx, {
            code: 'invalid-log-retention',
            message: `CloudWatch Logs cannot keep logs for ${days} days`,
            hint: `use one of ${LOG_RETENTION_DAYS.join(', ')} (the nearest is ${nearest})`,
          });
        }
      })
      .meta({ enum: [...LOG_RETENTION_DAYS], minimum: 1, maximum: 3653, description: "Days the healer's log group keeps its logs." })
      .default(DEFAULT_HEALER_SETTINGS.logRetentionDays),
  })
  .meta({ description: 'The Lambda healer that mirrorctl package and mirrorctl deploy ship.' });
