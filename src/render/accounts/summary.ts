/** What every report of a plan over accounts opens with: one row per account, and the totals. */
import type { AccountPlanEntry, AccountsPlan } from '../../core/types/accounts-plan.js';
import { countOf, formatCount } from '../numbers.js';

export interface AccountRow {
  readonly accountId: string;
  /**
   * The account's name in the organization when Organizations listed it (IAM is then not asked), else its
   * IAM alias when the role could read it, else nothing.
   */
  readonly label: string;
  readonly regions: readonly string[];
  readonly status: AccountPlanEntry['status'];
  readonly create: number;
  readonly update: number;
  readonly delete: number;
  readonly monthlyDelta: number;
  readonly changes: boolean;
}

export function accountRows(plan: AccountsPlan): AccountRow[] {
  return plan.accounts.map((entry) => {
    if (entry.status === 'failed') {
      return { accountId: entry.accountId, label: entry.name ?? '', regions: [], status: 'failed', create: 0, update: 0, delete: 0, monthlyDelta: 0, changes: false };
    }
    const { summary, cost } = entry.plan;
    return {
      accountId: entry.accountId,
      label: entry.name ?? entry.plan.account?.alias ?? '',
      regions: entry.plan.regions,
      status: 'planned',
      create: summary.create,
      update: summary.update,
      delete: summary.delete,
      monthlyDelta: cost.monthlyDelta,
      changes: entry.plan.actions.length > 0,
    };
  });
}

export interface AccountTotals {
  readonly accounts: number;
  readonly failed: number;
  readonly withChanges: number;
  readonly create: number;
  readonly update: number;
  readonly delete: number;
  readonly monthlyDelta: number;
}

export function accountTotals(rows: readonly AccountRow[]): AccountTotals {
  const sum = (read: (row: AccountRow) => number): number => rows.reduce((total, row) => total + read(row), 0);
  return {
    accounts: rows.length,
    failed: rows.filter((row) => row.status === 'failed').length,
    withChanges: rows.filter((row) => row.changes).length,
    create: sum((row) => row.create),
    update: sum((row) => row.update),
    delete: sum((row) => row.delete),
    monthlyDelta: Math.round(sum((row) => row.monthlyDelta) * 100) / 100,
  };
}

/** "11 to add, 0 to change, 0 to destroy in 2 of 3 accounts", or "no changes in 3 accounts". */
export function describeTotals(totals: AccountTotals): string {
  const accounts = countOf(totals.accounts, 'account', 'accounts');
  if (totals.withChanges === 0) return `no changes in ${accounts}`;
  const counts = `${formatCount(totals.create)} to add, ${formatCount(totals.update)} to change, ${formatCount(totals.delete)} to destroy`;
  return `${counts} in ${formatCount(totals.withChanges)} of ${accounts}`;
}

export const failedNote = (totals: AccountTotals): string =>
  totals.failed === 0 ? '' : `${countOf(totals.failed, 'account', 'accounts')} could not be planned: nothing is planned there`;
