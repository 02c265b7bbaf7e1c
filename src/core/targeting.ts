/**
 * `--target`, as Terraform's `-target`: a plan cut down to the sessions of some policy entries, VPCs, instances
 * or interfaces, plus what those need first (their target, filter and rules, a session whose deletion frees
 * their number). Everything else stays as it is: above all, nothing outside the targets is deleted. Pure: it
 * takes the full plan, so a targeted plan never decides differently from the whole one, only less.
 */
import { summarise } from './planner/summary.js';
import { estimateCost } from './cost.js';
import { UserError } from './errors.js';
import { compareStrings } from './planner/util.js';
import type { ObservedAccount } from './types/observed.js';
import type { DesiredSession, Plan, PlanAction } from './types/plan.js';
import type { Policy } from './types/policy.js';

export type TargetSelector =
  | { readonly kind: 'entry'; readonly key: string }
  | { readonly kind: 'vpc' | 'instance' | 'interface'; readonly id: string };

// By prefix only: whether the id exists is checked against the account, which also catches a typo.
const BY_PREFIX: readonly [RegExp, 'vpc' | 'instance' | 'interface'][] = [
  [/^vpc-\S+$/, 'vpc'],
  [/^i-\S+$/, 'instance'],
  [/^eni-\S+$/, 'interface'],
];

/**
 * A `--target` value: an entry key when the policy has one by that name (an unnamed entry's key is its VPC
 * id, which then means the same thing either way), else a VPC, instance or interface id by its prefix.
 */
export function parseSelector(value: string, policy: Policy): TargetSelector {
  if (policy.vpcs.some((entry) => entry.key === value)) return { kind: 'entry', key: value };
  for (const [pattern, kind] of BY_PREFIX) if (pattern.test(value)) return { kind, id: value };
  const keys = policy.vpcs.map((entry) => entry.key);
  throw new UserError(`--target ${value} is neither a vpcs entry of the policy nor a VPC, instance or interface id`, {
    hint: `the entries are ${keys.join(', ')}; or give vpc-…, i-… or eni-…`,
  });
}

const entryKeyOf = (sessionKey: string): string => sessionKey.slice('session/'.length, sessionKey.lastIndexOf('/'));

function selects(selector: TargetSelector, action: PlanAction): boolean {
  if (action.type !== 'session') return false;
  const session = (action.after ?? action.before) as DesiredSession | undefined;
  switch (selector.kind) {
    case 'entry':
      return entryKeyOf(action.key) === selector.key;
    case 'vpc':
      return session?.vpcId === selector.id;
    case 'instance':
      return session?.instanceId === selector.id;
    case 'interface':
      return session?.networkInterfaceId === selector.id;
  }
}

/** Whether the account has what a selector names, so "no changes for it" is told apart from a typo. */
export function selectorFound(selector: TargetSelector, observed: ObservedAccount): boolean {
  return observed.regions.some((region) => {
    switch (selector.kind) {
      case 'entry':
        return true;
      case 'vpc':
        return region.vpcs.some((vpc) => vpc.id === selector.id);
      case 'instance':
        return region.instances.some((instance) => instance.id === selector.id);
      case 'interface':
        return region.networkInterfaces.some((eni) => eni.id === selector.id);
    }
  });
}

export const describeSelector = (selector: TargetSelector): string => (selector.kind === 'entry' ? selector.key : selector.id);
const describe = describeSelector;

/**
 * The plan cut down to the selected sessions and what they depend on. A selector naming an id the account does
 * not have is refused, unless `refuseMissing` is false (a run over several accounts checks across them all).
 */
export function targetPlan(
  plan: Plan,
  selectors: readonly TargetSelector[],
  observed: ObservedAccount,
  policy: Policy,
  options: { readonly refuseMissing: boolean } = { refuseMissing: true },
): Plan {
  const missing = options.refuseMissing ? selectors.filter((selector) => !selectorFound(selector, observed)) : [];
  if (missing.length > 0) {
    throw new UserError(`--target ${missing.map(describe).join(', ')}: not found in ${plan.regions.join(', ')}`, {
      hint: 'check the id, and that its region is one this run covers',
    });
  }
  const byId = new Map(plan.actions.map((action) => [action.id, action]));
  const kept = new Set<string>();
  const keep = (action: PlanAction): void => {
    if (kept.has(action.id)) return;
    kept.add(action.id);
    for (const id of action.dependsOn) {
      const dependency = byId.get(id);
      if (dependency !== undefined) keep(dependency);
    }
  };
  for (const action of plan.actions) if (selectors.some((selector) => selects(selector, action))) keep(action);
  const actions = plan.actions.filter((action) => kept.has(action.id));
  const interfaces = new Set(
    actions.flatMap((action) => {
      const session = (action.after ?? action.before) as DesiredSession | undefined;
      return action.type === 'session' && session !== undefined ? [session.networkInterfaceId] : [];
    }),
  );
  const named = (id: string | undefined) => id !== undefined && selectors.some((selector) => selector.kind !== 'entry' && selector.id === id);
  const delta = (region: string, kind: 'create' | 'delete'): number =>
    actions.filter((action) => action.region === region && action.type === 'session' && action.action === kind).length;
  return {
    ...plan,
    targets: selectors.map(describe).sort(compareStrings),
    summary: summarise(actions),
    actions,
    skipped: plan.skipped.filter((item) => interfaces.has(item.networkInterfaceId) || named(item.networkInterfaceId) || named(item.instanceId)),
    cost: estimateCost(
      plan.cost.byRegion.map((region) => ({
        region: region.region,
        sessionsBefore: region.sessionsBefore,
        sessionsAfter: region.sessionsBefore + delta(region.region, 'create') - delta(region.region, 'delete'),
      })),
      policy.sessionHourlyRates,
    ),
  };
}
