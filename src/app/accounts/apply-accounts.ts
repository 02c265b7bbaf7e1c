/**
 * The apply use case over several accounts: each planned account runs today's executor with its own
 * clients and its own Runtime, so its EC2 token buckets are that account's (EC2 limits each account and
 * region apart) and accounts proceed in parallel at full rate, a bounded number at a time. A failure in one
 * account never stops the others; an interrupt stops them all.
 */
import { applyPlan, type ApplyEvent, type ApplyOptions, type ApplyResult } from '../../aws/apply/index.js';
import { mapLimited } from '../../aws/discover/limit.js';
import { findOwnedDuplicates } from '../../aws/owned-duplicates.js';
import type { OwnedDuplicate } from '../../core/duplicates.js';
import type { PlanRun } from '../plan.js';
import { DEFAULT_ACCOUNT_CONCURRENCY, type PlannedAccount } from './plan-accounts.js';

export type AccountApplyOutcome =
  | { readonly accountId: string; readonly status: 'applied'; readonly result: ApplyResult; readonly duplicates: readonly OwnedDuplicate[] }
  | { readonly accountId: string; readonly status: 'no-changes' }
  | { readonly accountId: string; readonly status: 'failed'; readonly error: Error }
  | { readonly accountId: string; readonly status: 'not-started' };

export interface AccountsApplyRequest {
  /** The accounts to apply, each with the plan run that was approved (or checked against a saved plan). */
  readonly accounts: ReadonlyMap<string, PlannedAccount>;
  readonly planId: string;
  readonly concurrency?: number;
  readonly maxRate?: number;
  readonly burst?: number;
  readonly accountConcurrency?: number;
  readonly signal?: AbortSignal;
  readonly abandon?: AbortSignal;
  readonly onEvent?: (accountId: string, event: ApplyEvent) => void;
  readonly onAccount?: (outcome: AccountApplyOutcome | { readonly accountId: string; readonly status: 'started' }) => void;
}

/** The executor's scope, from the policy and the run, never from the plan (as a single-account apply does). */
function ownershipOf(run: PlanRun): NonNullable<ApplyOptions['ownership']> {
  const mode = run.plan.mode;
  const allowed = mode === 'destroy' ? run.regions : run.regions.filter((region) => run.policy.regions.includes(region));
  return { observed: run.observed, policyName: run.policy.name, accountId: run.observed.accountId, scope: { kind: 'regions', regions: allowed } };
}

export async function applyAccounts(request: AccountsApplyRequest): Promise<AccountApplyOutcome[]> {
  const ids = [...request.accounts.keys()].sort();
  return mapLimited(ids, request.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY, async (accountId): Promise<AccountApplyOutcome> => {
    const { run, member } = request.accounts.get(accountId) as PlannedAccount;
    if (run.plan.actions.length === 0) return report(request, { accountId, status: 'no-changes' });
    if (request.signal?.aborted === true) return report(request, { accountId, status: 'not-started' });
    request.onAccount?.({ accountId, status: 'started' });
    try {
      const result = await applyPlan(run.plan, member.account.writers, {
        planId: request.planId,
        ownership: ownershipOf(run),
        ...(request.signal === undefined ? {} : { signal: request.signal }),
        ...(request.abandon === undefined ? {} : { abandon: request.abandon }),
        ...(request.onEvent === undefined ? {} : { onEvent: (event: ApplyEvent) => request.onEvent?.(accountId, event) }),
        ...(request.concurrency === undefined ? {} : { concurrency: request.concurrency }),
        ...(request.maxRate === undefined ? {} : { maxRate: request.maxRate }),
        ...(request.burst === undefined ? {} : { burst: request.burst }),
      });
      const clean = result.counts.failed === 0 && result.counts.skipped === 0 && result.counts.notStarted === 0 && !result.interrupted;
      const duplicates =
        clean && run.plan.mode === 'converge'
          ? await findOwnedDuplicates((region) => member.account.readers.ec2(region), run.plan.regions, {
              policyName: run.plan.policyName,
              accountId,
            })
          : [];
      return report(request, { accountId, status: 'applied', result, duplicates });
    } catch (error) {
      return report(request, { accountId, status: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
    }
  });
}

function report(request: AccountsApplyRequest, outcome: AccountApplyOutcome): AccountApplyOutcome {
  request.onAccount?.(outcome);
  return outcome;
}

/** Applied without failure, skip, interrupt or leftover duplicates (or nothing to do). */
export function accountConverged(outcome: AccountApplyOutcome): boolean {
  if (outcome.status === 'no-changes') return true;
  if (outcome.status !== 'applied') return false;
  const { counts, interrupted } = outcome.result;
  return counts.failed === 0 && counts.skipped === 0 && counts.notStarted === 0 && !interrupted && outcome.duplicates.length === 0;
}
