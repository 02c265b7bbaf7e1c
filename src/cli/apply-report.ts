/** The apply's final report: Terraform's summary line, every failure with AWS's code, and what to do next. */
import { REFRESH_CREDENTIALS } from '../aws/apply/explanations.js';
import type { ActionOutcome, ApplyResult } from '../aws/apply/index.js';
import type { OwnedDuplicate } from '../core/duplicates.js';
import type { Plan, PlanAction, PlanWarning } from '../core/types/plan.js';
import type { Colors } from './colors.js';
import { formatCount, formatDuration } from './status-line.js';

const MAX_LISTED = 20;

export function formatApplyText(
  plan: Plan,
  result: ApplyResult,
  mode: 'converge' | 'destroy',
  c: Colors,
  verbose: boolean,
  duplicates: readonly OwnedDuplicate[] = [],
): string {
  const { counts } = result;
  const lines: string[] = [''];
  const byId = actionsById(plan);
  const failed = result.outcomes.filter((outcome) => outcome.status === 'failed');
  const skipped = result.outcomes.filter((outcome) => outcome.status === 'skipped');
  for (const outcome of verbose ? failed : failed.slice(0, MAX_LISTED)) {
    const action = byId.get(outcome.actionId);
    lines.push(`${c.red('✗')} ${describe(action, outcome)}: ${c.bold(outcome.error?.code ?? 'Error')}: ${outcome.error?.message ?? ''}`);
    // Refused credentials are explained once, at the end.
    const saidBelow = result.stoppedBy === 'auth' && outcome.error?.code === result.authFailure?.code;
    if (outcome.error?.explanation && !saidBelow) lines.push(`    ${outcome.error.explanation}`);
  }
  if (!verbose && failed.length > MAX_LISTED) lines.push(`  … and ${formatCount(failed.length - MAX_LISTED)} more failures (--verbose lists all)`);
  for (const outcome of verbose ? skipped : skipped.slice(0, MAX_LISTED)) {
    lines.push(`${c.yellow('○')} ${describe(byId.get(outcome.actionId), outcome)}: skipped, ${outcome.skippedBecause ?? 'a dependency did not complete'}`);
  }
  if (!verbose && skipped.length > MAX_LISTED) lines.push(`  … and ${formatCount(skipped.length - MAX_LISTED)} more skipped`);
  const byOthers = result.outcomes.filter((outcome) => outcome.doneBy === 'another-run');
  for (const outcome of verbose ? byOthers : byOthers.slice(0, MAX_LISTED)) {
    lines.push(`${c.green('✓')} ${describe(byId.get(outcome.actionId), outcome)}: done by another run (${outcome.resourceId ?? ''})`);
  }
  if (!verbose && byOthers.length > MAX_LISTED) lines.push(`  … and ${formatCount(byOthers.length - MAX_LISTED)} more done by another run`);

  const adopted = counts.adopted === undefined ? '' : `${counts.adopted} adopted, `;
  const resources = `Resources: ${adopted}${counts.added} added, ${counts.changed} changed, ${counts.destroyed} destroyed.`;
  const stats =
    `Took ${formatDuration(result.durationMs)}, ${formatCount(result.apiCalls)} API calls` +
    ` (${formatCount(result.throttles)} throttled, ${formatCount(result.retries)} retried).`;
  const verb = mode === 'destroy' ? 'Destroy' : 'Apply';
  if (result.stoppedBy === 'auth') {
    const code = result.authFailure?.code ?? 'AuthFailure';
    lines.push(c.red(c.bold(`${verb} stopped: AWS refused the credentials (${code}).`)) + ` ${resources}`);
    lines.push(
      `${formatCount(counts.notStarted)} actions were not started. Refresh the credentials (${REFRESH_CREDENTIALS}), ` +
        'then run the same command again: it plans from what now exists.',
    );
  } else if (result.interrupted) {
    lines.push(c.yellow(c.bold(`${verb} interrupted.`)) + ` ${resources}`);
    lines.push(`${formatCount(counts.notStarted)} actions were not started. Run the same command again to finish: it plans from what now exists.`);
  } else if (counts.failed > 0 || counts.skipped > 0) {
    const skippedText = counts.skipped === 0 ? '' : `, ${formatCount(counts.skipped)} skipped because they depend on a failure`;
    lines.push(c.red(c.bold(`${verb} finished with errors:`)) + ` ${formatCount(counts.failed)} failed${skippedText}. ${resources}`);
    lines.push('Fix what the errors say, then run mirrorctl plan to see what is left and apply again.');
  } else if (duplicates.length > 0) {
    lines.push(c.yellow(c.bold(`${verb} finished, but the account has not converged:`)) + ` ${resources}`);
    for (const duplicate of verbose ? duplicates : duplicates.slice(0, MAX_LISTED)) {
      lines.push(`${c.yellow('!')} ${duplicate.ids.length} owned copies of ${duplicate.type} ${duplicate.key} in ${duplicate.region}: ${duplicate.ids.join(', ')}`);
    }
    if (!verbose && duplicates.length > MAX_LISTED) lines.push(`  … and ${formatCount(duplicates.length - MAX_LISTED)} more duplicated keys`);
    lines.push(
      'Another run at the same time, an interrupted one, or something that still uses a copy left them. Run ' +
        'mirrorctl plan: it deletes the copies no session uses and says which ones are still in use.',
    );
  } else {
    lines.push(c.green(c.bold(`${verb} complete!`)) + ` ${resources}`);
  }
  lines.push(c.dim(stats));
  return `${lines.join('\n')}\n`;
}

/** `--strict` refused the run before anything was applied, for these warnings (the policy's and the plan's). */
export interface StrictRefusal {
  readonly warnings: readonly PlanWarning[];
}

export function formatApplyJson(
  plan: Plan,
  result: ApplyResult,
  duplicates: readonly OwnedDuplicate[] = [],
  refusal?: StrictRefusal,
): string {
  return `${JSON.stringify(applyDocument(plan, result, duplicates, refusal), null, 2)}\n`;
}

/** The apply's result document: `formatApplyJson`'s, and each account's in an apply over several accounts. */
export function applyDocument(
  plan: Plan,
  result: ApplyResult,
  duplicates: readonly OwnedDuplicate[] = [],
  refusal?: StrictRefusal,
): Record<string, unknown> {
  const byId = actionsById(plan);
  const status =
    refusal !== undefined
      ? 'refused'
      : result.interrupted
        ? 'interrupted'
        : result.counts.failed > 0 || result.counts.skipped > 0
          ? 'failed'
          : duplicates.length > 0
            ? 'not-converged'
            : 'complete';
  const document = {
    formatVersion: 1,
    status,
    ...(result.stoppedBy === undefined ? {} : { stoppedBy: result.stoppedBy }),
    ...(refusal === undefined ? {} : { refusedBy: 'strict', warnings: refusal.warnings }),
    counts: result.counts,
    durationMs: result.durationMs,
    apiCalls: result.apiCalls,
    throttles: result.throttles,
    retries: result.retries,
    ...(duplicates.length === 0 ? {} : { duplicates }),
    outcomes: result.outcomes.map((outcome) => {
      const action = byId.get(outcome.actionId);
      return {
        address: outcome.actionId,
        ...(action === undefined ? {} : { action: action.action, type: action.type, key: action.key, region: action.region }),
        status: outcome.status,
        ...(outcome.resourceId === undefined ? {} : { id: outcome.resourceId }),
        ...(outcome.error === undefined ? {} : { error: outcome.error }),
        ...(outcome.skippedBecause === undefined ? {} : { skippedBecause: outcome.skippedBecause }),
        ...(outcome.doneBy === undefined ? {} : { doneBy: outcome.doneBy }),
        attempts: outcome.attempts,
      };
    }),
  };
  return document;
}

const actionsById = (plan: Plan): Map<string, PlanAction> => new Map(plan.actions.map((action) => [action.id, action]));

function describe(action: PlanAction | undefined, outcome: ActionOutcome): string {
  if (action === undefined) return outcome.actionId;
  return `${action.action} ${action.type} ${action.key} (${action.region}${action.resourceId ? `, ${action.resourceId}` : ''})`;
}
