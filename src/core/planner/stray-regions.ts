/**
 * Owned resources in a region the policy no longer lists are never planned again by a converge, but their
 * sessions keep billing: say how many there are, what they cost, and how to remove them.
 */
import { estimateCost } from '../cost.js';
import type { PlanWarning } from '../types/plan.js';
import type { Policy } from '../types/policy.js';
import type { RegionIndex } from './observed-index.js';
import { plural } from './util.js';

export function strayRegionWarnings(policy: Policy, indexes: readonly RegionIndex[]): PlanWarning[] {
  return indexes.flatMap((index): PlanWarning[] => {
    if (policy.regions.includes(index.region)) return [];
    const sessions = index.sessions.filter((item) => index.scope.ours(item)).length;
    const targets = [...index.targetById.values()].filter((item) => index.scope.ours(item)).length;
    const filters = [...index.filterById.values()].filter((item) => index.scope.ours(item)).length;
    const count = <T>(owned: { readonly byKey: ReadonlyMap<string, readonly T[]>; readonly strays: readonly T[] }): number =>
      [...owned.byKey.values()].flat().length + owned.strays.length;
    const loadBalancers = count(index.ownedLoadBalancers);
    const targetGroups = count(index.ownedTargetGroups);
    const total = sessions + targets + filters + loadBalancers + targetGroups;
    if (total === 0) return [];
    const counts = {
      region: index.region,
      sessionsBefore: sessions,
      sessionsAfter: sessions,
      ...(loadBalancers === 0 ? {} : { loadBalancersBefore: loadBalancers, loadBalancersAfter: loadBalancers }),
    };
    const monthly = estimateCost([counts], policy.sessionHourlyRates).monthlyBefore;
    const managed = loadBalancers + targetGroups === 0 ? [] : [plural(loadBalancers, 'load balancer'), plural(targetGroups, 'target group')];
    const parts = [plural(sessions, 'session'), plural(targets, 'target'), plural(filters, 'filter'), ...managed];
    return [
      {
        code: 'owned-resources-in-unlisted-region',
        region: index.region,
        message:
          `${index.region} is not in the policy's regions but holds ${plural(total, 'resource')} of policy ${policy.name} ` +
          `(${parts.join(', ')}), about ${monthly.toFixed(2)} USD a month in ${managed.length === 0 ? 'sessions' : 'sessions and load balancers'}; ` +
          `run mirrorctl destroy --region ${index.region} to delete them, or add the region back`,
      },
    ];
  });
}
