/**
 * A converge plan also reports what the policy still owns in regions it no longer lists (the planner warns,
 * with count and cost, from the regions given here), without ever planning or fingerprinting those regions.
 */
import { discoverOwnedElsewhere, type OwnedElsewhere } from '../aws/discover/owned-elsewhere.js';
import type { AwsClients } from '../aws/clients.js';
import { compareStrings } from '../core/planner/util.js';
import type { ObservedAccount } from '../core/types/observed.js';
import type { Plan, PlanWarning } from '../core/types/plan.js';
import type { Policy } from '../core/types/policy.js';

export async function lookElsewhere(readers: AwsClients, policy: Policy, mode: Plan['mode']): Promise<OwnedElsewhere> {
  if (mode !== 'converge') return { regions: [] };
  return discoverOwnedElsewhere(readers, { policyName: policy.name, listed: policy.regions });
}

export const withElsewhere = (observed: ObservedAccount, elsewhere: OwnedElsewhere): ObservedAccount =>
  elsewhere.regions.length === 0 ? observed : { ...observed, regions: [...observed.regions, ...elsewhere.regions] };

const byWarningOrder = (a: PlanWarning, b: PlanWarning): number =>
  compareStrings(a.region ?? '', b.region ?? '') || compareStrings(a.code, b.code) || compareStrings(a.message, b.message);

export function noteLookFailure(plan: Plan, elsewhere: OwnedElsewhere): Plan {
  if (elsewhere.failure === undefined) return plan;
  const warning: PlanWarning = {
    code: 'unlisted-regions-not-checked',
    message:
      `could not look for resources of policy ${plan.policyName} in regions the policy does not list ` +
      `(${elsewhere.failure}); allow ec2:DescribeRegions to have them reported`,
  };
  return { ...plan, warnings: [...plan.warnings, warning].sort(byWarningOrder) };
}
