import { describe, expect, it } from 'vitest';
import { estimateCost, HOURS_PER_MONTH } from '../../src/core/cost.js';

describe('estimateCost', () => {
  it('prices us-east-1 at 0.015 USD per session-hour over a 730-hour month', () => {
    const cost = estimateCost([{ region: 'us-east-1', sessionsBefore: 1, sessionsAfter: 4 }], {});
    expect(HOURS_PER_MONTH).toBe(730);
    expect(cost).toMatchObject({ currency: 'USD', hoursPerMonth: 730, monthlyBefore: 10.95, monthlyAfter: 43.8, monthlyDelta: 32.85 });
    expect(cost.byRegion).toEqual([{ region: 'us-east-1', ratePerSessionHour: 0.015, sessionsBefore: 1, sessionsAfter: 4 }]);
    expect(cost.rateSource).toMatch(/us-east-1: 0\.015 .*infracost/);
  });

  it('uses the policy rate over the table, and marks the default rate as unverified', () => {
    const cost = estimateCost(
      [
        { region: 'us-east-1', sessionsBefore: 2, sessionsAfter: 0 },
        { region: 'eu-west-1', sessionsBefore: 0, sessionsAfter: 2 },
        { region: 'ap-south-1', sessionsBefore: 1, sessionsAfter: 1 },
      ],
      { 'us-east-1': 0.02 },
    );
    expect(cost.byRegion.map((item) => item.ratePerSessionHour)).toEqual([0.02, 0.015, 0.015]);
    expect(cost.monthlyBefore).toBe(Math.round((2 * 0.02 + 0.015) * 730 * 100) / 100);
    expect(cost.monthlyAfter).toBe(Math.round(3 * 0.015 * 730 * 100) / 100);
    expect(cost.rateSource).toContain("us-east-1: 0.02 USD/session-hour from the policy's sessionHourlyRates");
    expect(cost.rateSource).toMatch(/eu-west-1: 0\.015 USD\/session-hour, \[unverified\] region rate/);
  });
});
