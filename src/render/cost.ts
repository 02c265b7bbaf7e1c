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

/** "$0.0225/load-balancer-hour (eu-west-1)", for the regions with managed load balancers. */
function loadBalancerRates(cost: CostEstimate): string {
  const regionsByRate = new Map<number, string[]>();
  for (const { region, ratePerLoadBalancerHour } of cost.byRegion) {
    if (ratePerLoadBalancerHour === undefined) continue;
    regionsByRate.set(ratePerLoadBalancerHour, [...(regionsByRate.get(ratePerLoadBalancerHour) ?? []), region]);
  }
  return [...regionsByRate]
    .sort(([a], [b]) => a - b)
    .map(([rate, regions]) => `${formatRate(rate)}/load-balancer-hour (${regions.join(', ')})`)
    .join(', ');
}

export function describeCost(cost: CostEstimate): string {
  const sum = (pick: (region: CostEstimate['byRegion'][number]) => number | undefined): number =>
    cost.byRegion.reduce((total, region) => total + (pick(region) ?? 0), 0);
  const before = sum((region) => region.sessionsBefore);
  const after = sum((region) => region.sessionsAfter);
  const delta = after - before;
  const sessionDelta = `${formatSignedCount(delta)} ${Math.abs(delta) === 1 ? 'session' : 'sessions'}`;
  const rates = cost.byRegion.length === 0 ? '' : ` at ${ratesByValue(cost)}`;
  const managed = cost.byRegion.some((region) => region.ratePerLoadBalancerHour !== undefined);
  if (!managed) {
    return (
      `Cost: ${formatSignedUsd(cost.monthlyDelta)}/month (${sessionDelta}) → ${formatUsd(cost.monthlyAfter)}/month ` +
      `total for ${countOf(after, 'session', 'sessions')}${rates}`
    );
  }
  const lbBefore = sum((region) => region.loadBalancersBefore);
  const lbAfter = sum((region) => region.loadBalancersAfter);
  const lbDelta = `${formatSignedCount(lbAfter - lbBefore)} ${Math.abs(lbAfter - lbBefore) === 1 ? 'load balancer' : 'load balancers'}`;
  return (
    `Cost: ${formatSignedUsd(cost.monthlyDelta)}/month (${sessionDelta}, ${lbDelta}) → ${formatUsd(cost.monthlyAfter)}/month ` +
    `total for ${countOf(after, 'session', 'sessions')} and ${countOf(lbAfter, 'load balancer', 'load balancers')}` +
    `${rates} and ${loadBalancerRates(cost)}`
  );
}

/** What the estimate leaves out because it depends on traffic: printed under the cost line. */
export function describeCostNotes(cost: CostEstimate): string[] {
  return (cost.notes ?? []).map((note) => `Note: ${note}.`);
}

/** Where the numbers come from, for readers who want to check them. */
export function describeCostBasis(cost: CostEstimate): string {
  return (
    `Rates: ${cost.rateSource}; ${cost.hoursPerMonth} hours a month; ` +
    'data transfer and NLCU charges not included.'
  );
}
