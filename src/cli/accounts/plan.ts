/** `mirrorctl plan` for a policy of several accounts: each account planned through its role, one report. */
import type { Account } from '../../app/account.js';
import type { AccountsPlanRun } from '../../app/accounts/plan-accounts.js';
import type { LoadedPolicy } from '../../app/plan.js';
import { UserError } from '../../core/errors.js';
import type { AccountsPlan } from '../../core/types/accounts-plan.js';
import { accountOptions, type AccountArgs } from '../account-options.js';
import type { PlannerArgs } from '../commands/plan.js';
import type { CliContext } from '../context.js';
import { reportPolicyWarnings } from '../policy-warnings.js';
import type { AccountsArgs } from './options.js';
import { accountsProgress } from './progress.js';

export type AccountsPlanArgs = Omit<AccountArgs, 'config'> & PlannerArgs & AccountsArgs;

/** Plans every account the policy covers, with progress on stderr. Used by plan, apply and destroy. */
export async function planOverAccounts(
  args: AccountsPlanArgs,
  context: CliContext,
  policy: { readonly file: string; readonly loaded: LoadedPolicy },
  mode: 'converge' | 'destroy',
  caller: Account,
): Promise<AccountsPlanRun> {
  const { planAccounts } = await import('../../app/accounts/plan-accounts.js');
  const progress = accountsProgress(context);
  try {
    const run = await planAccounts({
      configPath: policy.file,
      loaded: policy.loaded,
      caller,
      accountOptions: accountOptions(args),
      mode,
      ...(args.region === undefined ? {} : { regions: args.region }),
      ...(args.allowEmptyEntries === undefined ? {} : { allowEmptyEntries: args.allowEmptyEntries }),
      ...(args.target === undefined || args.target.length === 0 ? {} : { targets: args.target }),
      ...(args.account === undefined ? {} : { accounts: args.account }),
      continueOnError: args.continueOnAccountError === true,
      ...(args.accountConcurrency === undefined ? {} : { concurrency: args.accountConcurrency }),
      onProgress: progress.onProgress,
    });
    return run;
  } finally {
    progress.finish();
    reportPolicyWarnings(policy.loaded.warnings, context);
  }
}

export async function renderAccountsPlan(
  plan: AccountsPlan,
  format: 'text' | 'json' | 'markdown',
  verbose: boolean,
  context: CliContext,
  status: { readonly status?: 'ok' | 'error' } = {},
): Promise<string> {
  const render = await import('../../render/accounts/index.js');
  if (format === 'json') return render.renderAccountsJson(plan, status);
  if (format === 'markdown') return render.renderAccountsMarkdown(plan);
  return render.renderAccountsText(plan, { color: context.io.color, verbose });
}

export const failedAccounts = (plan: AccountsPlan): string[] =>
  plan.accounts.flatMap((entry) => (entry.status === 'failed' ? [entry.accountId] : []));

/** Exit 1 after the report when an account could not be planned (--continue-on-account-error planned the rest). */
export function failedAccountsError(plan: AccountsPlan, consequence: string): UserError | undefined {
  const failed = failedAccounts(plan);
  if (failed.length === 0) return undefined;
  return new UserError(`${failed.length} of ${plan.accounts.length} accounts could not be planned (${failed.join(', ')}); ${consequence}.`, {
    hint: 'see why above; fix those accounts and run again',
  });
}
