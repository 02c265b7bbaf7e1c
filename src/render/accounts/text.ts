/**
 * The plan over accounts for a terminal: the summary table, then each account under its own heading with
 * the single-account report (grouped by region there), accounts without changes counted rather than shown
 * unless --verbose, then warnings about the run and the totals.
 */
import type { AccountsPlan } from '../../core/types/accounts-plan.js';
import { createStyle, type Style } from '../ansi.js';
import { countOf, formatCount, formatSignedUsd } from '../numbers.js';
import type { RenderOptions } from '../options.js';
import { renderPlanText } from '../text.js';
import { accountRows, accountTotals, describeTotals, failedNote, type AccountRow } from './summary.js';

function table(rows: readonly AccountRow[]): string[] {
  const cells = rows.map((row) => [
    row.accountId,
    row.label,
    row.status === 'failed' ? 'FAILED' : row.regions.join(','),
    row.status === 'failed' ? '' : formatCount(row.create),
    row.status === 'failed' ? '' : formatCount(row.update),
    row.status === 'failed' ? '' : formatCount(row.delete),
    row.status === 'failed' ? '' : formatSignedUsd(row.monthlyDelta),
  ]);
  const totals = accountTotals(rows);
  const all = [
    ['Account', 'Name', 'Regions', 'Add', 'Change', 'Destroy', 'Monthly'],
    ...cells,
    ['Total', '', '', formatCount(totals.create), formatCount(totals.update), formatCount(totals.delete), formatSignedUsd(totals.monthlyDelta)],
  ];
  const widths = all[0]?.map((_, column) => Math.max(...all.map((line) => line[column]?.length ?? 0))) ?? [];
  // Text columns left-aligned, numbers right-aligned.
  return all.map((line) =>
    line
      .map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function heading(style: Style, accountId: string, label: string): string {
  return style.bold(`== Account ${accountId}${label === '' ? '' : ` (${label})`} ==`);
}

export function renderAccountsText(plan: AccountsPlan, options: RenderOptions): string {
  const style = createStyle(options.color);
  const rows = accountRows(plan);
  const totals = accountTotals(rows);
  const mode = plan.mode === 'destroy' ? ' (destroy: every resource this policy owns is deleted)' : '';
  const sections: string[][] = [
    [
      style.bold(`mirrorctl plan for policy "${plan.policyName}" in ${formatCount(rows.length)} accounts (${plan.regions.join(', ')})${mode}`),
      `as ${plan.callerArn}`,
    ],
    table(rows),
  ];
  if (plan.left.length > 0) {
    sections.push(['Not planned:', ...plan.left.map((item) => `  ${item.accountId}: ${item.reason}`)]);
  }
  let quiet = 0;
  for (const entry of plan.accounts) {
    const row = rows.find((candidate) => candidate.accountId === entry.accountId);
    const label = row?.label ?? '';
    if (entry.status === 'failed') {
      const hint = entry.error.hint === undefined ? [] : [`Hint: ${entry.error.hint}`];
      sections.push([heading(style, entry.accountId, label), style.red(`Not planned: ${entry.error.message}`), ...hint]);
      continue;
    }
    if (!options.verbose && entry.plan.actions.length === 0 && entry.plan.warnings.length === 0) {
      quiet += 1;
      continue;
    }
    sections.push([heading(style, entry.accountId, label), renderPlanText(entry.plan, options).trimEnd()]);
  }
  if (quiet > 0) sections.push([`(${countOf(quiet, 'account has', 'accounts have')} no changes and no warnings; --verbose shows them too.)`]);
  const warnings = plan.warnings.map(
    (warning) => `${style.yellow(style.bold('Warning:'))} ${warning.message} [${warning.code}${warning.accountId === undefined ? '' : `, ${warning.accountId}`}]`,
  );
  if (warnings.length > 0) sections.push(warnings);
  const failed = failedNote(totals);
  sections.push([
    style.bold(`Plan: ${describeTotals(totals)}.`) + ` Cost: ${formatSignedUsd(totals.monthlyDelta)}/month.`,
    ...(failed === '' ? [] : [style.red(`${failed}.`)]),
  ]);
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
