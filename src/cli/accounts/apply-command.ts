/**
 * `mirrorctl apply` and `destroy` for a policy of several accounts: every account planned, one approval for
 * the whole plan, then each account applied with its own executor, a bounded number at a time.
 */
import { randomUUID } from 'node:crypto';
import type { Account } from '../../app/account.js';
import type { LoadedPolicy } from '../../app/plan.js';
import type { ApplyArgs } from '../apply-run.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { accountsCostError, accountsStrictError, accountsWarnings } from './checks.js';
import { executeAccounts } from './execute.js';
import { failedAccountsError, planOverAccounts, renderAccountsPlan } from './plan.js';

export async function applyAccountsCommand(
  args: ApplyArgs & { readonly config: string },
  context: CliContext,
  mode: 'converge' | 'destroy',
  caller: Account,
  loaded: LoadedPolicy,
): Promise<ExitCode> {
  const { approve, emptyResult } = await import('../apply-run.js');
  const run = await planOverAccounts(args, context, { file: args.config, loaded }, mode, caller);
  if (args.format === 'text') context.io.stdout.write(await renderAccountsPlan(run.plan, 'text', args.verbose, context));
  const overCeiling = accountsCostError(run, args.maxMonthlyCostIncrease, true);
  if (overCeiling !== undefined) throw overCeiling;
  const refused = accountsStrictError(args, run, 'nothing was applied');
  if (refused !== undefined) {
    if (args.format === 'json') {
      const [{ applyDocument }, { asPlanWarning }] = await Promise.all([import('../apply-report.js'), import('../strict.js')]);
      const warnings = [...run.policyWarnings.map(asPlanWarning), ...accountsWarnings(run)];
      const accounts = [...run.planned].map(([id, { run: account }]) => ({
        id,
        ...applyDocument(account.plan, emptyResult(), [], { warnings: account.plan.warnings }),
      }));
      const document = { formatVersion: 1, kind: 'accounts', status: 'refused', refusedBy: 'strict', warnings, accounts };
      context.io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    }
    throw refused;
  }
  const failed = failedAccountsError(run.plan, 'nothing was applied there');
  const changes = [...run.planned.values()].some(({ run: account }) => account.plan.actions.length > 0);
  if (changes && !args.autoApprove && !(await approve(args, context, mode, run.policy.name))) return ExitCode.Error;
  const converged = await executeAccounts(args, context, { accounts: run.planned, planId: randomUUID(), caller, mode, failed: run.plan });
  if (failed !== undefined) throw failed;
  return converged ? ExitCode.Ok : ExitCode.Error;
}
