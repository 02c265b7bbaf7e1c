/** `mirrorctl plan` over the accounts of a policy for several accounts. */
import type { LoadedPolicy } from '../../app/plan.js';
import { UserError } from '../../core/errors.js';
import type { PlanArgs } from '../commands/plan.js';
import { accountOptions } from '../account-options.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { accountsCostError, accountsStrictError } from './checks.js';
import { failedAccountsError, planOverAccounts, renderAccountsPlan } from './plan.js';

export async function planAccountsCommand(args: PlanArgs & { readonly config: string }, context: CliContext, loaded: LoadedPolicy): Promise<ExitCode> {
  if (args.out !== undefined) {
    throw new UserError('--out is not available for a policy of several accounts yet', { hint: 'plan without --out' });
  }
  const { openAccount } = await import('../../app/account.js');
  const caller = await openAccount(accountOptions(args));
  const run = await planOverAccounts(args, context, { file: args.config, loaded }, args.destroy ? 'destroy' : 'converge', caller);
  const refused = accountsStrictError(args, run);
  const status = args.strict ? { status: refused === undefined ? ('ok' as const) : ('error' as const) } : {};
  context.io.stdout.write(await renderAccountsPlan(run.plan, args.format, args.verbose, context, status));
  if (refused !== undefined) throw refused;
  const overCeiling = accountsCostError(run, args.maxMonthlyCostIncrease, false);
  if (overCeiling !== undefined) throw overCeiling;
  const failed = failedAccountsError(run.plan, 'the plan covers the other accounts only');
  if (failed !== undefined) throw failed;
  const changes = run.plan.accounts.some((entry) => entry.status === 'planned' && entry.plan.actions.length > 0);
  return args.detailedExitcode && changes ? ExitCode.ChangesPresent : ExitCode.Ok;
}
