import { describe, expect, it } from 'vitest';
import { checkSchedule } from '../../src/policy/healer-settings.js';

describe('checkSchedule: the schedule expressions EventBridge accepts', () => {
  it('accepts rate() with a singular unit for 1 and a plural one above, and six-field cron() with one "?"', () => {
    for (const expression of ['rate(1 hour)', 'rate(1 minute)', 'rate(1 day)', 'rate(30 minutes)', 'rate(6 hours)', 'cron(0 * * * ? *)', 'cron(15 2 ? * MON-FRI *)']) {
      expect(checkSchedule(expression), expression).toBeUndefined();
    }
  });

  it('refuses what EventBridge refuses, saying how to write it', () => {
    expect(checkSchedule('rate(2 hour)')).toMatchObject({ code: 'invalid-schedule', hint: 'write "rate(2 hours)"' });
    expect(checkSchedule('rate(0 minutes)')?.message).toContain('at least 1');
    expect(checkSchedule('rate(01 hour)')?.message).toContain('whole number');
    expect(checkSchedule('cron(0 * * * *)')?.message).toContain('6 fields');
    expect(checkSchedule('cron(0 * ? * ? *)')?.message).toContain('exactly one of day-of-month and day-of-week');
    expect(checkSchedule('hourly')).toMatchObject({ code: 'invalid-schedule', message: '"hourly" is not an EventBridge schedule expression' });
  });
});
