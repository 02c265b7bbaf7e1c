/**
 * Carries out an approved plan over accounts: each account with its own executor (interrupts stop them all),
 * the sandbox written back whatever happened, then one report with each account's own.
 */
import type { Account } from '../../app/account.js';
import { accountConverged, type AccountApplyOutcome } from '../../app/accounts/apply-accounts.js';
import type { PlannedAccount } from '../../app/accounts/plan-accounts.js';
import type { AccountsPlan } from '../../core/types/accounts-plan.js';
import type { ApplyArgs } from '../apply-run.js';
import type { CliContext } from '../context.js';
import { trapInterrupts } from '../interrupt.js';
import { formatCount, formatDuration, statusLine } from '../status-line.js';

export interface AccountsExecution {
  readonly accounts: ReadonlyMap<string, PlannedAccount>;
  readonly planId: string;
  readonly caller: Account;
  readonly mode: 'converge' | 'destroy';
  /** The plan over accounts, for the accounts that could not be planned (reported, never applied). */
  readonly failed: AccountsPlan;
}

/** True when every account converged (no failure, skip, interrupt or leftover duplicate). */
export async function executeAccounts(args: ApplyArgs, context: CliContext, execution: AccountsExecution): Promise<boolean> {
  const [{ applyAccounts }, { saveSandbox }] = await Promise.all([import('../../app/accounts/apply-accounts.js'), import('../../app/account.js')]);
  const { io, colors: c } = context;
  const line = statusLine({ sink: io.stderr, live: io.liveProgress });
  const started = Date.now();
  const toApply = [...execution.accounts.values()].filter(({ run }) => run.plan.actions.length > 0).length;
  let finished = 0;
  const interrupt = trapInterrupts(context);
  let outcomes: AccountApplyOutcome[];
  try {
    outcomes = await applyAccounts({
      accounts: execution.accounts,
      planId: execution.planId,
      signal: interrupt.signal,
      abandon: interrupt.abandon,
      ...(args.concurrency === undefined ? {} : { concurrency: args.concurrency }),
      ...(args.maxRate === undefined ? {} : { maxRate: args.maxRate }),
      ...(args.burst === undefined ? {} : { burst: args.burst }),
      ...(args.accountConcurrency === undefined ? {} : { accountConcurrency: args.accountConcurrency }),
      onEvent: (accountId, event) => {
        if (event.type !== 'failed') return;
        line.clear();
        io.stderr.write(`${c.red('failed')} account ${accountId} ${event.actionId}: ${event.error.code}: ${event.error.message}\n`);
      },
      onAccount: (outcome) => {
        if (outcome.status === 'no-changes') return;
        if (outcome.status !== 'started') {
          finished += 1;
          line.clear();
          io.stderr.write(`${accountConverged(outcome) ? c.dim('Applied') : c.red('Not converged')} account ${outcome.accountId}\n`);
        }
        line.update(`${c.dim('Applying accounts:')} ${formatCount(finished)}/${formatCount(toApply)} done · ${formatDuration(Date.now() - started)}`);
      },
    });
  } finally {
    interrupt.dispose();
    line.clear();
    // Whatever happened, the sandbox keeps what was done, exactly as AWS would.
    await saveSandbox(execution.caller);
  }
  io.stdout.write(await report(args, context, execution, outcomes));
  return outcomes.every(accountConverged);
}

async function report(args: ApplyArgs, context: CliContext, execution: AccountsExecution, outcomes: readonly AccountApplyOutcome[]): Promise<string> {
  const { applyDocument, formatApplyText } = await import('../apply-report.js');
  const failedPlans = execution.failed.accounts.filter((entry) => entry.status === 'failed');
  if (args.format === 'json') {
    const accounts = [
      ...outcomes.map((outcome) => {
        const plan = execution.accounts.get(outcome.accountId)?.run.plan;
        if (outcome.status === 'applied' && plan !== undefined) {
          return { id: outcome.accountId, ...applyDocument(plan, outcome.result, outcome.duplicates) };
        }
        if (outcome.status === 'failed') return { id: outcome.accountId, status: 'failed', error: { message: outcome.error.message } };
        return { id: outcome.accountId, status: outcome.status === 'no-changes' ? 'complete' : 'not-started' };
      }),
      ...failedPlans.map((entry) => ({ id: entry.accountId, status: 'not-planned', error: entry.status === 'failed' ? entry.error : undefined })),
    ].sort((a, b) => (a.id < b.id ? -1 : 1));
    const converged = outcomes.every(accountConverged) && failedPlans.length === 0;
    return `${JSON.stringify({ formatVersion: 1, kind: 'accounts', status: converged ? 'complete' : 'failed', accounts }, null, 2)}\n`;
  }
  const c = context.colors;
  const sections = outcomes.flatMap((outcome) => {
    const heading = c.bold(`== Account ${outcome.accountId} ==`);
    const plan = execution.accounts.get(outcome.accountId)?.run.plan;
    if (outcome.status === 'no-changes') return [];
    if (outcome.status === 'applied' && plan !== undefined) {
      return [`${heading}${formatApplyText(plan, outcome.result, execution.mode, c, args.verbose, outcome.duplicates).trimEnd()}`];
    }
    if (outcome.status === 'failed') return [`${heading}\n${c.red(`Apply failed: ${outcome.error.message}`)}`];
    return [`${heading}\nNot started: the apply was interrupted.`];
  });
  const counts = {
    applied: outcomes.filter((outcome) => outcome.status === 'applied' && accountConverged(outcome)).length,
    unchanged: outcomes.filter((outcome) => outcome.status === 'no-changes').length,
    failing: outcomes.filter((outcome) => !accountConverged(outcome)).length,
  };
  const verb = execution.mode === 'destroy' ? 'Destroy' : 'Apply';
  const summary =
    `${verb} over ${formatCount(outcomes.length + failedPlans.length)} accounts: ${formatCount(counts.applied)} applied, ` +
    `${formatCount(counts.unchanged)} without changes, ${formatCount(counts.failing)} not converged` +
    (failedPlans.length === 0 ? '.' : `, ${formatCount(failedPlans.length)} not planned (${failedPlans.map((entry) => entry.accountId).join(', ')}).`);
  const done = counts.failing === 0 && failedPlans.length === 0;
  return `\n${[...sections, done ? c.green(c.bold(summary)) : c.red(c.bold(summary))].join('\n\n')}\n`;
}
