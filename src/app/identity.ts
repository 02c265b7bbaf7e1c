/**
 * Which account a run works on, settled before anything else is read: a policy pinned to other accounts,
 * or a saved plan made for another account, stops the run after the one STS call that names the caller.
 */
import type { AwsClients } from '../aws/clients.js';
import { readAccountAlias, readCallerIdentity, type CallerIdentity } from '../aws/identity.js';
import { UserError } from '../core/errors.js';
import type { PlanAccount } from '../core/types/plan.js';
import type { Policy } from '../core/types/policy.js';

export interface IdentifyRequest {
  /** STS is global; the region only picks its regional endpoint (the run's first region). */
  readonly region: string;
  /** The policy whose `accounts:` pin is enforced, and the file it came from, for the message. */
  readonly policy?: Policy;
  readonly policyFile?: string;
}

/** GetCallerIdentity, then the policy's pin, and its organization's exclusions. */
export async function identifyCaller(readers: AwsClients, request: IdentifyRequest): Promise<CallerIdentity> {
  const caller = await readCallerIdentity(readers, request.region);
  checkPolicyPin(caller, request);
  return caller;
}

/** Credentials for an account the policy is not pinned to must read nothing. */
export function checkPolicyPin(caller: CallerIdentity, request: Omit<IdentifyRequest, 'region'>): void {
  const excluded = request.policy?.memberAccounts?.organization?.exclude ?? [];
  if (excluded.includes(caller.accountId)) {
    // A healer a StackSet put in every account of the units runs here too: it must leave the account alone.
    throw new UserError(
      `The credentials are for AWS account ${caller.accountId} (${caller.arn}), which the policy "${request.policy?.name ?? ''}" ` +
        'excludes (accounts.organization.exclude). Nothing was read or changed.',
      {
        hint:
          `use credentials for another account of the policy, or remove "${caller.accountId}" from accounts.organization.exclude in ` +
          `${request.policyFile ?? 'the policy'}; a healer deployed there by a StackSet should have its stack instance removed`,
      },
    );
  }
  const pinned = request.policy?.accounts;
  if (pinned === undefined || pinned.includes(caller.accountId)) return;
  const policy = request.policy?.name ?? '';
  const file = request.policyFile === undefined ? 'the policy' : request.policyFile;
  throw new UserError(
    `The credentials are for AWS account ${caller.accountId} (${caller.arn}), but the policy "${policy}" is for ` +
      `${accountList(pinned)}. Nothing was read or changed.`,
    {
      hint:
        `use credentials for ${accountList(pinned)} (e.g. --profile or AWS_PROFILE), ` +
        `or add "${caller.accountId}" to accounts: in ${file} if this policy is meant for it too`,
    },
  );
}

/**
 * The plan's account: the caller's, named by its alias when the caller may read it. `readAlias` false: the
 * account is already named otherwise (Organizations listed it), and IAM is not asked.
 */
export async function describeAccount(readers: AwsClients, caller: CallerIdentity, region: string, readAlias = true): Promise<PlanAccount> {
  const alias = readAlias ? await readAccountAlias(readers, region) : undefined;
  return { id: caller.accountId, ...(alias === undefined ? {} : { alias }), callerArn: caller.arn };
}

/** `apply PLANFILE` works only in the account the reviewed plan was made for. */
export function checkPlanAccount(planAccount: PlanAccount | undefined, caller: CallerIdentity, planFile: string): void {
  if (planAccount === undefined || planAccount.id === caller.accountId) return;
  const alias = planAccount.alias === undefined ? '' : ` (${planAccount.alias})`;
  throw new UserError(
    `The saved plan ${planFile} is for AWS account ${planAccount.id}${alias}, but the credentials are for account ` +
      `${caller.accountId} (${caller.arn}). Nothing was changed.`,
    {
      hint: `use credentials for account ${planAccount.id} (e.g. --profile or AWS_PROFILE), or make and review a new plan with these credentials`,
    },
  );
}

function accountList(accounts: readonly string[]): string {
  return accounts.length === 1 ? `account ${accounts[0]}` : `accounts ${accounts.join(', ')}`;
}
