/**
 * The cost line:
 * "Cost: +$109.50/month (+10 sessions) → $219.00/month total for 20 sessions at $0.015/session-hour (us-east-1)"
 */
import type { CostEstimate } from '../core/types/plan.js';
import { countOf, formatRate, formatSignedCount, formatSignedUsd, formatUsd } from './numbers.js';

function ratesByValue(cost: CostEstimate): string {
  const regionsByRate = new Map<number, string[]>();
  for (const { region, ratePerSessionHour } of cost.byRegion) {
    const regions = regionsByRate.get(ratePerSessionHour);
    if (regions === undefined) regionsByRate.set(ratePerSessionHour, [region]);
    else regions.push(region);
  }
  return [...regionsByRate]
    .sort(([a], [b]) => a - b)
    .map(([rate, regions]) => `${formatRate(rate)}/session-hour (${regions.join(', ')})`)
    .join(', ');
}

export function describeCost(cost: CostEstimate): string {
  const before = cost.byRegion.reduce((sum, region) => sum + region.sessionsBefore, 0);
  const after = cost.byRegion.reduce((sum, region) => sum + region.sessionsAfter, 0);
  const delta = after - before;
  const sessionDelta = `${formatSignedCount(delta)} ${Math.abs(delta) === 1 ? 'session' : 'sessions'}`;
  const rates = cost.byRegion.length === 0 ? '' : ` at ${ratesByValue(cost)}`;
  return (
    `Cost: ${formatSignedUsd(cost.monthlyDelta)}/month (${sessionDelta}) → ${formatUsd(cost.monthlyAfter)}/month ` +
    `total for ${countOf(after, 'session', 'sessions')}${rates}`
  );
}

/** Where the numbers come from, for readers who want to check them. */
export function describeCostBasis(cost: CostEstimate): string {
  return (
    `Rates: ${cost.rateSource}; ${cost.hoursPerMonth} hours a month; ` +
    'data transfer and load balancer charges not included.'
  );
}
