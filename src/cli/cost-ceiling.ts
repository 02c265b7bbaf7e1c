/**
 * `--max-monthly-cost-increase USD`: a ceiling for CI. A policy edit that would tap a large VPC by mistake
 * fails its pull-request plan, and an apply never carries out a plan that adds more than the ceiling.
 */
import type { Argv } from 'yargs';
import { UserError } from '../core/errors.js';
import type { Plan } from '../core/types/plan.js';
import { formatSignedUsd, formatUsd } from '../render/numbers.js';
import { numberIn } from './number-options.js';

export interface CostCeilingArgs {
  readonly maxMonthlyCostIncrease: number | undefined;
}

export function withCostCeiling<T>(cli: Argv<T>): Argv<T & CostCeilingArgs> {
  return cli.option('max-monthly-cost-increase', {
    type: 'number',
    requiresArg: true,
    coerce: numberIn('max-monthly-cost-increase', { min: 0 }),
    describe:
      'Fail (exit 1, nothing applied) when the plan adds more than this many USD a month (sessions, and the hours of the load balancers it manages)',
  }) as unknown as Argv<T & CostCeilingArgs>;
}

/** Undefined when there is no ceiling or the plan stays under it. */
export function costCeilingError(plan: Plan, ceiling: number | undefined, applying: boolean): UserError | undefined {
  if (ceiling === undefined || plan.cost.monthlyDelta <= ceiling) return undefined;
  const sessions = plan.cost.byRegion.reduce((sum, region) => sum + region.sessionsAfter - region.sessionsBefore, 0);
  const loadBalancers = plan.cost.byRegion.reduce(
    (sum, region) => sum + (region.loadBalancersAfter ?? 0) - (region.loadBalancersBefore ?? 0),
    0,
  );
  const signed = (count: number): string => `${count >= 0 ? '+' : ''}${count}`;
  const managed = loadBalancers === 0 ? '' : `, ${signed(loadBalancers)} load balancer${Math.abs(loadBalancers) === 1 ? '' : 's'}`;
  return new UserError(
    `the plan adds ${formatSignedUsd(plan.cost.monthlyDelta)}/month (${signed(sessions)} sessions${managed}), ` +
      `more than --max-monthly-cost-increase ${formatUsd(ceiling)} allows${applying ? '; nothing was applied' : ''}`,
    {
      hint: 'review what the plan taps (a VPC selected by mistake?); if the increase is intended, raise the ceiling where it is set (the CI workflow)',
    },
  );
}
