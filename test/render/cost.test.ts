import { describe, expect, it } from 'vitest';
import type { CostEstimate } from '../../src/core/types/plan.js';
import { estimateCost } from '../../src/core/cost.js';
import { describeCost, describeCostNotes } from '../../src/render/cost.js';

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

  it('counts the load balancers the policy manages, at their hourly rate, and says what depends on traffic', () => {
    const cost = estimateCost(
      [{ region: 'us-east-1', sessionsBefore: 0, sessionsAfter: 2, loadBalancersBefore: 0, loadBalancersAfter: 1 }],
      {},
      ['sensors'],
    );
    expect(cost.monthlyDelta).toBe(38.33); // 2 × 0.015 × 730 + 0.0225 × 730
    expect(describeCost(cost)).toBe(
      'Cost: +$38.33/month (+2 sessions, +1 load balancer) → $38.33/month total for 2 sessions and 1 load balancer at ' +
        '$0.015/session-hour (us-east-1) and $0.0225/load-balancer-hour (us-east-1)',
    );
    expect(describeCostNotes(cost)).toEqual([
      'Note: managed load balancers in us-east-1 are counted at 0.0225 USD per hour; their NLCU-hours (0.006 USD each in us-east-1) depend on the mirrored traffic and are not included.',
      'Note: cross-zone load balancing is on for sensors: mirrored packets a load balancer sends to a sensor in another Availability Zone pay inter-AZ data transfer per GB, which depends on the traffic and is not included.',
    ]);
  });
});
