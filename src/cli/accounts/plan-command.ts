/** `mirrorctl plan` over the accounts of a policy for several accounts. */
import type { LoadedPolicy } from '../../app/plan.js';
import type { AccountsPlanRun } from '../../app/accounts/plan-accounts.js';
import { applyHint, type PlanArgs } from '../commands/plan.js';
import { accountOptions } from '../account-options.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { accountsCostError, accountsStrictError } from './checks.js';
import { failedAccountsError, planOverAccounts, renderAccountsPlan } from './plan.js';

export async function planAccountsCommand(args: PlanArgs & { readonly config: string }, context: CliContext, loaded: LoadedPolicy): Promise<ExitCode> {
  const { openAccount } = await import('../../app/account.js');
  const caller = await openAccount(accountOptions(args));
  const run = await planOverAccounts(args, context, { file: args.config, loaded }, args.destroy ? 'destroy' : 'converge', caller);
  const refused = accountsStrictError(args, run, args.out === undefined ? undefined : `the plan was not saved to ${args.out}`);
  if (args.out !== undefined && refused === undefined) await saveAccountsPlan(run, args.out, args.format, context);
  const status = args.strict ? { status: refused === undefined ? ('ok' as const) : ('error' as const) } : {};
  context.io.stdout.write(await renderAccountsPlan(run.plan, args.format, args.verbose, context, status));
  if (refused !== undefined) throw refused;
  if (args.out !== undefined && args.format === 'text') context.io.stdout.write(`\nSaved the plan to: ${args.out}\n${applyHint(args, args.out)}`);
  const overCeiling = accountsCostError(run, args.maxMonthlyCostIncrease, false);
  if (overCeiling !== undefined) throw overCeiling;
  const failed = failedAccountsError(run.plan, 'the plan covers the other accounts only');
  if (failed !== undefined) throw failed;
  const changes = run.plan.accounts.some((entry) => entry.status === 'planned' && entry.plan.actions.length > 0);
  return args.detailedExitcode && changes ? ExitCode.ChangesPresent : ExitCode.Ok;
}

async function saveAccountsPlan(run: AccountsPlanRun, path: string, format: string, context: CliContext): Promise<void> {
  const [{ createAccountsSavedPlan, writePlanFile }, { packageVersion }] = await Promise.all([
    import('../../planfile/index.js'),
    import('../version.js'),
  ]);
  const saved = createAccountsSavedPlan({
    plan: run.plan,
    observed: new Map([...run.planned].map(([accountId, { run: account }]) => [accountId, account.observed])),
    policy: { file: run.policyFile, sha256: run.policySha256 },
    options: run.options,
    mirrorctlVersion: packageVersion(),
  });
  await writePlanFile(path, saved);
  if (format !== 'text') context.io.stderr.write(`Saved the plan to: ${path}\n`);
}
