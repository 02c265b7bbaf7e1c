/** --strict and --max-monthly-cost-increase over every account of a plan. */
import type { AccountsPlanRun } from '../../app/accounts/plan-accounts.js';
import type { UserError } from '../../core/errors.js';
import type { PlanWarning } from '../../core/types/plan.js';
import { costCeilingError } from '../cost-ceiling.js';
import { strictError, type StrictArgs } from '../strict.js';

/** Every warning of the run: its own, then each account's, named by account. */
export function accountsWarnings(run: AccountsPlanRun): PlanWarning[] {
  const own = run.plan.warnings.map((warning) => ({
    code: warning.code,
    message: warning.accountId === undefined ? warning.message : `account ${warning.accountId}: ${warning.message}`,
  }));
  const perAccount = run.plan.accounts.flatMap((entry) =>
    entry.status === 'planned' ? entry.plan.warnings.map((warning) => ({ ...warning, message: `account ${entry.accountId}: ${warning.message}` })) : [],
  );
  return [...own, ...perAccount];
}

export function accountsStrictError(args: StrictArgs, run: AccountsPlanRun, consequence?: string): UserError | undefined {
  return strictError(args, { policyWarnings: run.policyWarnings, plan: { warnings: accountsWarnings(run) } }, consequence);
}

/** The ceiling holds for the whole run: the monthly increase of every account together. */
export function accountsCostError(run: AccountsPlanRun, ceiling: number | undefined, applying: boolean): UserError | undefined {
  const plans = run.plan.accounts.flatMap((entry) => (entry.status === 'planned' ? [entry.plan] : []));
  const first = plans[0];
  if (first === undefined) return undefined;
  const monthlyDelta = plans.reduce((sum, plan) => sum + plan.cost.monthlyDelta, 0);
  const byRegion = plans.flatMap((plan) => plan.cost.byRegion);
  return costCeilingError({ ...first, cost: { ...first.cost, monthlyDelta, byRegion } }, ceiling, applying);
}
