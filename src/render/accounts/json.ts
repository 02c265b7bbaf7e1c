/**
 * The plan over accounts for machines (docs/plan-json.md): the totals, then each account with its own plan
 * document, exactly as `mirrorctl plan --format json` prints it for one account.
 */
import type { AccountsPlan } from '../../core/types/accounts-plan.js';
import { planDocument, type JsonPlanOptions, type JsonValue } from '../json.js';
import { replacementCount } from '../vocabulary.js';
import { accountRows, accountTotals } from './summary.js';

export function renderAccountsJson(plan: AccountsPlan, options: JsonPlanOptions = {}): string {
  const totals = accountTotals(accountRows(plan));
  const replace = plan.accounts.reduce((sum, entry) => sum + (entry.status === 'planned' ? replacementCount(entry.plan.actions) : 0), 0);
  const document: JsonValue = {
    formatVersion: plan.formatVersion,
    kind: 'accounts',
    ...(options.status === undefined ? {} : { status: options.status }),
    policy: plan.policyName,
    mode: plan.mode,
    regions: [...plan.regions],
    callerArn: plan.callerArn,
    summary: {
      accounts: totals.accounts,
      failed: totals.failed,
      withChanges: totals.withChanges,
      create: totals.create,
      update: totals.update,
      delete: totals.delete,
      replace,
      monthlyDelta: totals.monthlyDelta,
    },
    accounts: plan.accounts.map((entry) => ({
      id: entry.accountId,
      ...(entry.name === undefined ? {} : { name: entry.name }),
      roleArn: entry.roleArn,
      status: entry.status,
      ...(entry.status === 'planned'
        ? { plan: planDocument(entry.plan) }
        : { error: { message: entry.error.message, ...(entry.error.hint === undefined ? {} : { hint: entry.error.hint }) } }),
    })),
    left: plan.left.map((item) => ({ id: item.accountId, reason: item.reason })),
    warnings: plan.warnings.map((warning) => ({
      code: warning.code,
      message: warning.message,
      ...(warning.accountId === undefined ? {} : { accountId: warning.accountId }),
      ...(warning.region === undefined ? {} : { region: warning.region }),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
