/**
 * Monthly cost of Traffic Mirroring sessions before and after a plan. AWS bills every active session per hour,
 * whatever the instance state, so every session counts: owned and foreign, running or stopped. The Network
 * Load Balancers the policy manages add their load-balancer hours. What depends on traffic volume (NLCU,
 * data transfer, inter-AZ transfer with cross-zone load balancing) is named in the notes, not estimated.
 */
import type { CostEstimate } from './types/plan.js';
import rates from './cost-rates.json' with { type: 'json' };

export interface RegionSessionCounts {
  readonly region: string;
  readonly sessionsBefore: number;
  readonly sessionsAfter: number;
  /** Managed Network Load Balancers, when the region has or will have any. */
  readonly loadBalancersBefore?: number;
  readonly loadBalancersAfter?: number;
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

const loadBalancerRates: Readonly<Record<string, number>> = rates.loadBalancer.regions;

function loadBalancerRate(region: string): { rate: number; known: boolean } {
  const known = loadBalancerRates[region];
  return known === undefined ? { rate: rates.loadBalancer.defaultRate, known: false } : { rate: known, known: true };
}

/** `crossZoneTargets`: managed targets with cross-zone load balancing on, whose inter-AZ transfer is named. */
export function estimateCost(
  counts: readonly RegionSessionCounts[],
  overrides: Readonly<Record<string, number>>,
  crossZoneTargets: readonly string[] = [],
): CostEstimate {
  let before = 0;
  let after = 0;
  const notes: string[] = [];
  const costNotes: string[] = [];
  const byRegion = counts.map((count) => {
    const { rate, origin } = rateFor(count.region, overrides);
    before += count.sessionsBefore * rate * HOURS_PER_MONTH;
    after += count.sessionsAfter * rate * HOURS_PER_MONTH;
    notes.push(describeRate(count.region, rate, origin));
    const managed = count.loadBalancersBefore !== undefined || count.loadBalancersAfter !== undefined;
    if (!managed) {
      return { region: count.region, ratePerSessionHour: rate, sessionsBefore: count.sessionsBefore, sessionsAfter: count.sessionsAfter };
    }
    const lb = loadBalancerRate(count.region);
    before += (count.loadBalancersBefore ?? 0) * lb.rate * HOURS_PER_MONTH;
    after += (count.loadBalancersAfter ?? 0) * lb.rate * HOURS_PER_MONTH;
    costNotes.push(
      `managed load balancers in ${count.region} are counted at ${lb.rate} USD per hour` +
        `${lb.known ? '' : ` (${rates.loadBalancer.defaultNote})`}; their NLCU-hours (0.006 USD each in us-east-1) ` +
        'depend on the mirrored traffic and are not included',
    );
    return {
      region: count.region,
      ratePerSessionHour: rate,
      sessionsBefore: count.sessionsBefore,
      sessionsAfter: count.sessionsAfter,
      loadBalancersBefore: count.loadBalancersBefore ?? 0,
      loadBalancersAfter: count.loadBalancersAfter ?? 0,
      ratePerLoadBalancerHour: lb.rate,
    };
  });
  if (crossZoneTargets.length > 0) {
    costNotes.push(
      `cross-zone load balancing is on for ${crossZoneTargets.join(', ')}: mirrored packets a load balancer sends to a ` +
        'sensor in another Availability Zone pay inter-AZ data transfer per GB, which depends on the traffic and is not included',
    );
  }
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
    ...(costNotes.length === 0 ? {} : { notes: costNotes }),
  };
}
