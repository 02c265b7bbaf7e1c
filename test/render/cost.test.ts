import { describe, expect, it } from 'vitest';
import type { CostEstimate } from '../../src/core/types/plan.js';
import { describeCost } from '../../src/render/cost.js';

function estimate(byRegion: CostEstimate['byRegion']): CostEstimate {
  const monthly = (key: 'sessionsBefore' | 'sessionsAfter'): number =>
    byRegion.reduce((sum, region) => sum + region[key] * region.ratePerSessionHour * 730, 0);
  const monthlyBefore = monthly('sessionsBefore');
  const monthlyAfter = monthly('sessionsAfter');
  return { currency: 'USD', hoursPerMonth: 730, monthlyBefore, monthlyAfter, monthlyDelta: monthlyAfter - monthlyBefore, byRegion, rateSource: 'test' };
}

describe('describeCost', () => {
  it('shows a saving with a minus sign and a singular session', () => {
    const cost = estimate([{ region: 'us-east-1', ratePerSessionHour: 0.015, sessionsBefore: 2, sessionsAfter: 1 }]);
    expect(describeCost(cost)).toBe(
      'Cost: -$10.95/month (-1 session) → $10.95/month total for 1 session at $0.015/session-hour (us-east-1)',
    );
  });

  it('lists regions that share a rate together, cheapest rate first', () => {
    const cost = estimate([
      { region: 'eu-west-1', ratePerSessionHour: 0.018, sessionsBefore: 0, sessionsAfter: 1_000 },
      { region: 'us-east-1', ratePerSessionHour: 0.015, sessionsBefore: 0, sessionsAfter: 1_000 },
      { region: 'us-west-2', ratePerSessionHour: 0.015, sessionsBefore: 0, sessionsAfter: 1_000 },
    ]);
    expect(describeCost(cost)).toBe(
      'Cost: +$35,040.00/month (+3,000 sessions) → $35,040.00/month total for 3,000 sessions at ' +
        '$0.015/session-hour (us-east-1, us-west-2), $0.018/session-hour (eu-west-1)',
    );
  });

  it('shows no change as ±', () => {
    const cost = estimate([{ region: 'us-east-1', ratePerSessionHour: 0.015, sessionsBefore: 4, sessionsAfter: 4 }]);
    expect(describeCost(cost)).toMatch(/^Cost: ±\$0\.00\/month \(±0 sessions\) → \$43\.80\/month total for 4 sessions/);
  });
});
