/**
 * The plan use case over several accounts: who the caller is, which accounts the policy covers, then in each
 * account (a bounded number at a time) the role is assumed and today's single-account plan runs unchanged
 * with that account's clients, policy and identity. Nothing is shared between accounts but the policy file,
 * so action ids, keys, ownership and rate limits stay per account.
 *
 * Fail closed: an account that cannot be planned stops the whole plan (a partial plan of an organization
 * reviewed as complete is dangerous), unless `continueOnError`, which plans the others and reports it.
 */
import { createOrganizationsClient } from '../../aws/organizations.js';
import { readCallerIdentity, type CallerIdentity } from '../../aws/identity.js';
import { SharedInstanceTypes } from '../../aws/discover/instance-types.js';
import { mapLimited } from '../../aws/discover/limit.js';
import { isUserError, UserError } from '../../core/errors.js';
import type { AccountPlanEntry, AccountsPlan, AccountsWarning } from '../../core/types/accounts-plan.js';
import type { Plan } from '../../core/types/plan.js';
import type { MemberAccounts, Policy } from '../../core/types/policy.js';
import { describeSelector, parseSelector, selectorFound, type TargetSelector } from '../../core/targeting.js';
import { loadPolicyOrThrow } from '../../policy/load.js';
import { awsOptionsOf, type Account, type AccountOptions } from '../account.js';
import { buildPlan, selectRegions, type LoadedPolicy, type PlanRun } from '../plan.js';
import { openMemberAccount, type MemberAccount } from './member.js';
import { policyForAccount } from './policy-for-account.js';
import { resolveAccounts } from './resolve.js';

/** Enough for a laptop: each account reads its regions in parallel, a handful of pages each. */
export const DEFAULT_ACCOUNT_CONCURRENCY = 8;

export type AccountProgress =
  | { readonly type: 'resolved'; readonly accounts: number }
  | { readonly type: 'started'; readonly accountId: string }
  | { readonly type: 'planned'; readonly accountId: string; readonly plan: Plan }
  | { readonly type: 'failed'; readonly accountId: string; readonly error: UserError };

export interface AccountsPlanRequest {
  readonly configPath: string;
  /** The caller's own account: it lists the organization and assumes the roles. */
  readonly caller: Account;
  /** The settings every account's clients are built with. */
  readonly accountOptions: AccountOptions;
  readonly mode: 'converge' | 'destroy';
  readonly regions?: readonly string[];
  readonly allowEmptyEntries?: boolean;
  /** `--target`: in every account, only the sessions of these entries, VPCs, instances or interfaces. */
  readonly targets?: readonly string[];
  /** `--account`: only these of the policy's accounts. */
  readonly accounts?: readonly string[];
  readonly continueOnError?: boolean;
  readonly concurrency?: number;
  readonly loaded?: LoadedPolicy;
  readonly onProgress?: (event: AccountProgress) => void;
}

/** One planned account: its plan run (for a saved plan and for apply) and the clients it was planned with. */
export interface PlannedAccount {
  readonly run: PlanRun;
  readonly member: MemberAccount;
}

export interface AccountsPlanRun {
  readonly policy: Policy;
  readonly policyFile: string;
  readonly policySha256: string;
  readonly policyWarnings: LoadedPolicy['warnings'];
  readonly regions: readonly string[];
  readonly caller: CallerIdentity;
  readonly plan: AccountsPlan;
  /** By account id, the accounts that were planned. */
  readonly planned: ReadonlyMap<string, PlannedAccount>;
  /** As a saved plan carries them: `targets` only when `--target` was given. */
  readonly options: { readonly allowEmptyEntries: boolean; readonly targets?: readonly string[] };
}

type Outcome =
  | { readonly accountId: string; readonly planned: PlannedAccount }
  | { readonly accountId: string; readonly roleArn: string; readonly error: UserError }
  | { readonly accountId: string; readonly notStarted: true };

export async function planAccounts(request: AccountsPlanRequest): Promise<AccountsPlanRun> {
  const file = request.loaded ?? (await loadPolicyOrThrow(request.configPath));
  const members = file.policy.memberAccounts;
  if (members === undefined) throw new Error('planAccounts: the policy does not name accounts to reach');
  const regions = selectRegions(file.policy, request.regions, request.mode);
  // Before any AWS call: a mistyped --target is refused without reading an account.
  const selectors = (request.targets ?? []).map((value) => parseSelector(value, file.policy));
  const region = regions[0] ?? '';
  const caller = await readCallerIdentity(request.caller.readers, region);
  const resolved = await resolveAccounts({
    members,
    policyName: file.policy.name,
    callerArn: caller.arn,
    ...(request.accounts === undefined ? {} : { only: request.accounts }),
    organizations: () =>
      createOrganizationsClient({
        ...awsOptionsOf(request.accountOptions),
        ...(request.caller.sandbox === undefined ? {} : { sandbox: request.caller.sandbox.instance }),
      }),
  });
  request.onProgress?.({ type: 'resolved', accounts: resolved.accountIds.length });
  const instanceTypes = new SharedInstanceTypes();
  let stopped = false;
  const outcomes = await mapLimited(resolved.accountIds, request.concurrency ?? DEFAULT_ACCOUNT_CONCURRENCY, async (accountId): Promise<Outcome> => {
    if (stopped) return { accountId, notStarted: true };
    request.onProgress?.({ type: 'started', accountId });
    const member = openMemberAccount(request.caller, request.accountOptions, { accountId, members, region, callerArn: caller.arn });
    try {
      const planned = await planAccount(member, {
        configPath: request.configPath,
        file,
        mode: request.mode,
        regions,
        named: resolved.names.has(accountId),
        instanceTypes,
        ...(request.allowEmptyEntries === undefined ? {} : { allowEmptyEntries: request.allowEmptyEntries }),
        ...(request.targets === undefined ? {} : { targets: request.targets }),
      });
      request.onProgress?.({ type: 'planned', accountId, plan: planned.run.plan });
      return { accountId, planned };
    } catch (error) {
      if (!isUserError(error)) throw error;
      if (request.continueOnError !== true) stopped = true;
      request.onProgress?.({ type: 'failed', accountId, error });
      return { accountId, roleArn: member.roleArn, error };
    }
  });
  const failed = outcomes.filter((outcome): outcome is Extract<Outcome, { error: UserError }> => 'error' in outcome);
  if (failed.length > 0 && request.continueOnError !== true) throw stoppedError(failed, outcomes.length);
  const planned = new Map(outcomes.flatMap((outcome) => ('planned' in outcome ? [[outcome.accountId, outcome.planned] as const] : [])));
  refuseTargetsFoundNowhere(selectors, [...planned.values()], regions);
  const plan: AccountsPlan = {
    formatVersion: 1,
    policyName: file.policy.name,
    mode: request.mode,
    regions,
    callerArn: caller.arn,
    accounts: outcomes.flatMap((outcome) => entryOf(outcome, resolved.names)),
    left: resolved.left,
    warnings: accountsWarnings(file.policy, members, resolved.accountIds, planned, request.accounts !== undefined),
  };
  return {
    policy: file.policy,
    policyFile: request.configPath,
    policySha256: file.hash,
    policyWarnings: file.warnings,
    regions,
    caller,
    plan,
    planned,
    options: {
      allowEmptyEntries: request.allowEmptyEntries === true,
      ...(request.targets === undefined || request.targets.length === 0 ? {} : { targets: [...new Set(request.targets)].sort() }),
    },
  };
}

/** An id no planned account holds is a typo (or another region's), as with one account; entries always exist. */
function refuseTargetsFoundNowhere(selectors: readonly TargetSelector[], planned: readonly PlannedAccount[], regions: readonly string[]): void {
  const missing = selectors.filter(
    (selector) => selector.kind !== 'entry' && !planned.some(({ run }) => selectorFound(selector, run.observed)),
  );
  if (missing.length === 0) return;
  throw new UserError(`--target ${missing.map(describeSelector).join(', ')}: not found in any account, in ${regions.join(', ')}`, {
    hint: 'check the id, that its account is one this run covers (--account), and that its region is one it covers',
  });
}

export interface AccountPlanRequest {
  readonly configPath: string;
  /** The whole policy, as loaded once for every account. */
  readonly file: LoadedPolicy;
  readonly mode: 'converge' | 'destroy';
  readonly regions: readonly string[];
  readonly allowEmptyEntries?: boolean;
  /** `--target`, checked against the whole policy; each account applies the part that concerns it. */
  readonly targets?: readonly string[];
  /** Organizations listed the account, with its name: the IAM alias is not read. */
  readonly named?: boolean;
  /** Instance-type facts shared by every account of the run. */
  readonly instanceTypes?: SharedInstanceTypes;
}

/**
 * One account: its role assumed, then today's plan with its clients and its part of the policy, pinned to it
 * (credentials that land in another account read nothing: AssumeRole's answer names the account, else STS
 * GetCallerIdentity is asked). Rejects with a UserError naming the account.
 */
export async function planAccount(member: MemberAccount, request: AccountPlanRequest): Promise<PlannedAccount> {
  const identity = await member.assume();
  const run = await buildPlan({
    configPath: request.configPath,
    loaded: { ...request.file, policy: policyForAccount(request.file.policy, member.accountId), warnings: [] },
    account: member.account,
    mode: request.mode,
    regions: request.regions,
    ...(identity === undefined ? {} : { identity }),
    ...(request.named === true ? { named: true } : {}),
    ...(request.instanceTypes === undefined ? {} : { instanceTypes: request.instanceTypes }),
    ...(request.allowEmptyEntries === undefined ? {} : { allowEmptyEntries: request.allowEmptyEntries }),
    ...(request.targets === undefined || request.targets.length === 0 ? {} : accountTargets(request, member.accountId)),
  });
  return { run, member };
}

/** The selectors of `--target` that can concern this account: its own entries', and every id (whose it is, reading tells). */
function accountTargets(request: AccountPlanRequest, accountId: string) {
  const targets = request.targets ?? [];
  const entries = new Set(policyForAccount(request.file.policy, accountId).vpcs.map((entry) => entry.key));
  const accountSelectors = targets
    .map((value) => parseSelector(value, request.file.policy))
    .filter((selector) => selector.kind !== 'entry' || entries.has(selector.key));
  return { targets, accountSelectors };
}

function entryOf(outcome: Outcome, names: ReadonlyMap<string, string>): AccountPlanEntry[] {
  const name = names.get(outcome.accountId);
  const base = { accountId: outcome.accountId, ...(name === undefined ? {} : { name }) };
  if ('planned' in outcome) return [{ ...base, roleArn: outcome.planned.member.roleArn, status: 'planned', plan: outcome.planned.run.plan }];
  if ('error' in outcome) {
    const { message, hint } = outcome.error;
    return [{ ...base, roleArn: outcome.roleArn, status: 'failed', error: { message, ...(hint === undefined ? {} : { hint }) } }];
  }
  return [];
}

function stoppedError(failed: readonly Extract<Outcome, { error: UserError }>[], total: number): UserError {
  const lines = failed.map((outcome) => `  - account ${outcome.accountId}: ${outcome.error.message}`);
  return new UserError(
    `The plan stopped: ${failed.length} of ${total} accounts could not be planned, and a plan that leaves accounts ` +
      `out must not be reviewed as complete. Nothing was planned.\n${lines.join('\n')}`,
    {
      hint:
        `${failed[0]?.error.hint ?? 'fix the account'}; or pass --continue-on-account-error to plan the other accounts ` +
        '(the run still exits 1)',
    },
  );
}

/**
 * Across accounts: an entry naming an account the run does not cover (an organization resolved without it),
 * and a target shared by RAM that an account whose entries send to it cannot see.
 */
function accountsWarnings(
  policy: Policy,
  members: MemberAccounts,
  covered: readonly string[],
  planned: ReadonlyMap<string, PlannedAccount>,
  narrowed: boolean,
): AccountsWarning[] {
  const warnings: AccountsWarning[] = [];
  if (!narrowed && members.organization !== undefined) {
    for (const entry of policy.vpcs) {
      const unknown = (entry.accounts ?? []).filter((account) => !covered.includes(account));
      if (unknown.length === 0) continue;
      warnings.push({
        code: 'entry-account-not-managed',
        message: `vpcs entry ${entry.key} names ${unknown.join(', ')}, which the policy's accounts do not include: nothing is planned there`,
      });
    }
  }
  for (const [accountId, { run }] of planned) {
    for (const target of Object.values(run.policy.targets)) {
      if (target.spec.kind !== 'existing' || !run.policy.vpcs.some((entry) => entry.target === target.name)) continue;
      const id = target.spec.trafficMirrorTargetId;
      if (run.observed.regions.some((region) => region.targets.some((seen) => seen.id === id))) continue;
      warnings.push({
        code: 'shared-target-not-visible',
        accountId,
        message:
          `account ${accountId} cannot see target ${target.name} (${id}) in ${run.regions.join(', ')}: share it with this ` +
          'account through AWS RAM; until then its entries there match nothing and their sessions are kept',
      });
    }
  }
  return warnings;
}
