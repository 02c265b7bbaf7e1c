/**
 * The policy as one account sees it: the entries that apply to it and the targets it holds. Every account
 * then runs the single-account engine unchanged on its own policy, so keys, action ids and ownership need no
 * notion of accounts. An entry of this account whose target lives in another account is a mistake no plan
 * could carry out, so the account fails with it rather than guess.
 */
import { UserError } from '../../core/errors.js';
import type { Policy, PolicyTarget } from '../../core/types/policy.js';

/** arn:PARTITION:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/net/NAME/ID */
const arnAccount = (arn: string): string | undefined => arn.split(':')[4];

/** The account a target is in, when the policy says: its `account:`, or (several accounts) its load balancer's. */
function targetAccount(policy: Policy, target: PolicyTarget): string | undefined {
  if (target.account !== undefined) return target.account;
  if (policy.memberAccounts === undefined || target.spec.kind !== 'network-load-balancer') return undefined;
  return arnAccount(target.spec.networkLoadBalancerArn);
}

/**
 * `policy` in `accountId`: the entries whose `accounts` include it (or that name none), the targets that are
 * in it (or in no particular account). Unchanged when nothing in the policy names accounts.
 */
export function scopePolicyTo(policy: Policy, accountId: string): Policy {
  const targets = Object.entries(policy.targets);
  const away = new Map(
    targets.flatMap(([name, target]) => {
      const home = targetAccount(policy, target);
      return home === undefined || home === accountId ? [] : [[name, home] as const];
    }),
  );
  const entries = policy.vpcs.filter((entry) => entry.accounts === undefined || entry.accounts.includes(accountId));
  if (away.size === 0 && entries.length === policy.vpcs.length) return policy;
  for (const entry of entries) {
    const home = away.get(entry.target);
    if (home === undefined) continue;
    throw new UserError(
      `In account ${accountId}, vpcs entry ${entry.key} sends to target ${entry.target}, which is in account ${home}: ` +
        `no session of ${accountId} can send to it.`,
      {
        hint:
          `restrict the entry with accounts: ["${home}"], or share a mirror target from ${home} with AWS RAM and ` +
          'reference it with trafficMirrorTargetId',
      },
    );
  }
  return {
    ...policy,
    targets: Object.fromEntries(targets.filter(([name]) => !away.has(name))),
    vpcs: entries,
  };
}

/** What one account's run plans with: its scope of the policy, pinned to that account alone. */
export function policyForAccount(policy: Policy, accountId: string): Policy {
  return { ...scopePolicyTo(policy, accountId), accounts: [accountId] };
}
