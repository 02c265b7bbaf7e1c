/**
 * Monthly cost of Traffic Mirroring sessions before and after a plan. AWS bills every active session per hour,
 * whatever the instance state, so every session counts: owned and foreign, running or stopped.
 * Data transfer and load-balancer charges depend on traffic volume and are not estimated.
 */
import type { CostEstimate } from './types/plan.js';
import rates from './cost-rates.json' with { type: 'json' };

export interface RegionSessionCounts {
  readonly region: string;
  readonly sessionsBefore: number;
  readonly sessionsAfter: number;
}

export const HOURS_PER_MONTH: number = rates.hoursPerMonth;

const builtInRates: Readonly<Record<string, number>> = rates.regions;

type RateOrigin = 'policy' | 'table' | 'default';

function rateFor(region: string, overrides: Readonly<Record<string, number>>): { rate: number; origin: RateOrigin } {
  const override = overrides[region];
  if (override !== undefined) return { rate: override, origin: 'policy' };
  const known = builtInRates[region];
  if (known !== undefined) return { rate: known, origin: 'table' };
  return { rate: rates.defaultRate, origin: 'default' };
}

/** Cents, so that sums of floating-point rates print and compare cleanly. */
const roundCents = (amount: number): number => Math.round(amount * 100) / 100;

function describeRate(region: string, rate: number, origin: RateOrigin): string {
  switch (origin) {
    case 'policy':
      return `${region}: ${rate} USD/session-hour from the policy's sessionHourlyRates`;
    case 'table':
      return `${region}: ${rate} USD/session-hour (rate table of ${rates.date}: ${rates.sources.join('; ')})`;
    case 'default':
      return `${region}: ${rate} USD/session-hour, ${rates.defaultNote}`;
  }
}

export function estimateCost(
  counts: readonly RegionSessionCounts[],
  overrides: Readonly<Record<string, number>>,
): CostEstimate {
  let before = 0;
  let after = 0;
  const notes: string[] = [];
  const byRegion = counts.map((count) => {
    const { rate, origin } = rateFor(count.region, overrides);
    before += count.sessionsBefore * rate * HOURS_PER_MONTH;
    after += count.sessionsAfter * rate * HOURS_PER_MONTH;
    notes.push(describeRate(count.region, rate, origin));
    return {
      region: count.region,
      ratePerSessionHour: rate,
      sessionsBefore: count.sessionsBefore,
      sessionsAfter: count.sessionsAfter,
    };
  });
  const monthlyBefore = roundCents(before);
  const monthlyAfter = roundCents(after);
  return {
    currency: 'USD',
    hoursPerMonth: HOURS_PER_MONTH,
    monthlyBefore,
    monthlyAfter,
    monthlyDelta: roundCents(monthlyAfter - monthlyBefore),
    byRegion,
    rateSource: notes.join(' | '),
  };
}
