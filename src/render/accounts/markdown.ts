/**
 * The plan over accounts as one pull-request comment: the totals in the title, a table of every account,
 * then each account's own Markdown plan folded in <details>. GitHub refuses comments over 65,536
 * characters, so the table collapses the accounts without changes when it grows too long, each account's
 * details get a share of what is left (cut by the single-account reporter, which says what it cut), and
 * the accounts whose details cannot fit are named as left out.
 */
import type { AccountPlanEntry, AccountsPlan } from '../../core/types/accounts-plan.js';
import { GITHUB_COMMENT_LIMIT } from '../markdown-cap.js';
import { code, row, text } from '../markdown-syntax.js';
import { renderPlanMarkdown } from '../markdown.js';
import { countOf, formatCount, formatSignedUsd } from '../numbers.js';
import { accountRows, accountTotals, describeTotals, failedNote, type AccountRow } from './summary.js';

/** Below this, an account's details would be little more than their own cut notice: they are left out instead. */
const MIN_DETAILS = 2_500;
/** Room for the closing note on what was left out. */
const NOTE_RESERVE = 1_200;
/** The table may take this share of the comment before accounts without changes fold into one row. */
const TABLE_SHARE = 0.45;
const LISTED_IDS = 40;

export interface AccountsMarkdownOptions {
  /** Default GitHub's comment limit. */
  readonly limit?: number;
}

const HEADER = ['Account', 'Name', 'Regions', 'Add', 'Change', 'Destroy', 'Monthly', 'Status'];

function accountRow(item: AccountRow): string {
  if (item.status === 'failed') return row([code(item.accountId), text(item.label), '', '', '', '', '', '**failed**']);
  return row([
    code(item.accountId),
    text(item.label),
    item.regions.map(code).join(' '),
    formatCount(item.create),
    formatCount(item.update),
    formatCount(item.delete),
    formatSignedUsd(item.monthlyDelta),
    item.changes ? 'changes' : 'no changes',
  ]);
}

function idList(ids: readonly string[]): string {
  const shown = ids.slice(0, LISTED_IDS).map(code).join(', ');
  return ids.length > LISTED_IDS ? `${shown} and ${formatCount(ids.length - LISTED_IDS)} more` : shown;
}

function table(rows: readonly AccountRow[], limit: number): string {
  const head = row(HEADER) + row([':--', ':--', ':--', '--:', '--:', '--:', '--:', ':--']);
  const full = head + rows.map(accountRow).join('');
  if (full.length <= limit * TABLE_SHARE) return `${full}\n`;
  const quiet = rows.filter((item) => item.status === 'planned' && !item.changes);
  const shown = rows.filter((item) => !quiet.includes(item)).map(accountRow).join('');
  const folded = quiet.length === 0 ? '' : row([`*${countOf(quiet.length, 'account', 'accounts')}*`, '', '', '0', '0', '0', formatSignedUsd(0), 'no changes']);
  const list = quiet.length === 0 ? '' : `\nWithout changes: ${idList(quiet.map((item) => item.accountId))}.\n`;
  return `${head}${shown}${folded}${list}\n`;
}

function summaryOf(entry: AccountPlanEntry, label: string): string {
  const name = `Account ${code(entry.accountId)}${label === '' ? '' : ` (${text(label)})`}`;
  if (entry.status === 'failed') return `${name}: **not planned**`;
  const { create, update, delete: destroy } = entry.plan.summary;
  if (entry.plan.actions.length === 0) return `${name}: no changes`;
  return `${name}: ${formatCount(create)} to add, ${formatCount(update)} to change, ${formatCount(destroy)} to destroy`;
}

const wrap = (summary: string, body: string): string => `<details><summary>${summary}</summary>\n\n${body.trimEnd()}\n\n</details>\n\n`;

interface Details {
  readonly entry: AccountPlanEntry;
  readonly summary: string;
  /** The details at a given size (the whole when `limit` is undefined). */
  render(limit?: number): string;
}

function detailsOf(entry: AccountPlanEntry, label: string): Details {
  const summary = summaryOf(entry, label);
  if (entry.status === 'failed') {
    const hint = entry.error.hint === undefined ? '' : `\n\nHint: ${text(entry.error.hint)}`;
    const body = `${text(entry.error.message)}${hint}`;
    return { entry, summary, render: () => wrap(summary, body) };
  }
  const plan = entry.plan;
  return {
    entry,
    summary,
    render: (limit) => {
      const frame = wrap(summary, '').length;
      return wrap(summary, renderPlanMarkdown(plan, limit === undefined ? {} : { limit: Math.max(0, limit - frame) }));
    },
  };
}

/** Sizes for the details that fit: the first accounts (by id) that can each have MIN_DETAILS, shared out fairly. */
function allocate(needs: readonly number[], budget: number): (number | undefined)[] {
  let fitting = 0;
  let floor = 0;
  while (fitting < needs.length && floor + Math.min(needs[fitting] ?? 0, MIN_DETAILS) <= budget) {
    floor += Math.min(needs[fitting] ?? 0, MIN_DETAILS);
    fitting += 1;
  }
  const sizes: (number | undefined)[] = needs.map(() => undefined);
  // Smallest first: what a small account does not use goes to the larger ones.
  const order = needs.slice(0, fitting).map((need, index) => ({ need, index })).sort((a, b) => a.need - b.need);
  let left = budget;
  order.forEach(({ need, index }, position) => {
    const share = Math.floor(left / (order.length - position));
    const size = Math.min(need, share);
    sizes[index] = size;
    left -= size;
  });
  return sizes;
}

export function renderAccountsMarkdown(plan: AccountsPlan, options: AccountsMarkdownOptions = {}): string {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  const rows = accountRows(plan);
  const totals = accountTotals(rows);
  const labels = new Map(rows.map((item) => [item.accountId, item.label]));
  const mode = plan.mode === 'destroy' ? ' · mode: **destroy**' : '';
  const failed = failedNote(totals);
  let head =
    `### mirrorctl plan ${code(plan.policyName)} over ${countOf(rows.length, 'account', 'accounts')}: ${describeTotals(totals)}\n\n` +
    `Caller ${code(plan.callerArn)} · Regions: ${plan.regions.map(code).join(', ')}${mode}\n\n` +
    (failed === '' ? '' : `> [!WARNING]\n> ${failed}.\n\n`);
  head += table(rows, limit);
  if (plan.left.length > 0) head += `Not planned: ${plan.left.map((item) => `${code(item.accountId)} (${text(item.reason)})`).join(', ')}.\n\n`;
  const warnings =
    plan.warnings.length === 0
      ? ''
      : `#### Warnings\n\n${plan.warnings.map((warning) => `- **${text(warning.code)}**${warning.accountId === undefined ? '' : ` (${code(warning.accountId)})`}: ${text(warning.message)}\n`).join('')}\n`;
  const tail = `${warnings}Total cost: ${formatSignedUsd(totals.monthlyDelta)}/month.\n`;

  const details = plan.accounts
    .filter((entry) => entry.status === 'failed' || entry.plan.actions.length > 0 || entry.plan.warnings.length > 0)
    .map((entry) => detailsOf(entry, labels.get(entry.accountId) ?? ''));
  const whole = details.map((item) => item.render());
  const budget = limit - head.length - tail.length - NOTE_RESERVE;
  if (whole.reduce((sum, item) => sum + item.length, 0) <= budget) return head + whole.join('') + tail;

  const sizes = allocate(
    whole.map((item) => item.length),
    budget,
  );
  const bodies = details.map((item, index) => {
    const size = sizes[index];
    if (size === undefined) return undefined;
    return size >= (whole[index]?.length ?? 0) ? whole[index] : item.render(size);
  });
  // A share the single-account reporter could not keep to (its title and totals alone were longer) drops the last details.
  while (head.length + tail.length + NOTE_RESERVE + bodies.reduce((sum, body) => sum + (body?.length ?? 0), 0) > limit) {
    const last = bodies.findLastIndex((body) => body !== undefined);
    if (last < 0) break;
    bodies[last] = undefined;
  }
  const left = details.filter((_, index) => bodies[index] === undefined).map((item) => item.entry.accountId);
  const note =
    left.length === 0
      ? ''
      : `> [!NOTE]\n> To fit GitHub's ${formatCount(GITHUB_COMMENT_LIMIT)}-character limit, the details of ` +
        `${countOf(left.length, 'account are', 'accounts are')} left out (the table above still counts them): ${idList(left)}. ` +
        'Run `mirrorctl plan --account ID` for one account, or `mirrorctl plan --format json` for every action.\n\n';
  return head + bodies.filter((body): body is string => body !== undefined).join('') + note + tail;
}
