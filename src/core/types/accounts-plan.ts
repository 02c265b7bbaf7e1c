/**
 * A plan over several accounts: one plan per account, each the single-account planner's own (its action ids,
 * keys and ownership are that account's), side by side with the accounts that could not be planned.
 */
import type { Plan, PlanWarning } from './plan.js';

export interface AccountFailure {
  readonly message: string;
  readonly hint?: string;
}

interface AccountEntryBase {
  readonly accountId: string;
  /** The account's name in the organization, when Organizations listed it. */
  readonly name?: string;
  /** The role mirrorctl assumed (or tried to) in the account. */
  readonly roleArn: string;
}

export type AccountPlanEntry =
  | (AccountEntryBase & { readonly status: 'planned'; readonly plan: Plan })
  | (AccountEntryBase & { readonly status: 'failed'; readonly error: AccountFailure });

/** A warning about the run over accounts rather than inside one account's plan. */
export interface AccountsWarning extends PlanWarning {
  readonly accountId?: string;
}

export interface AccountsPlan {
  readonly formatVersion: 1;
  readonly policyName: string;
  readonly mode: 'converge' | 'destroy';
  readonly regions: readonly string[];
  /** Who ran it, before assuming any role. */
  readonly callerArn: string;
  /** Sorted by account id. */
  readonly accounts: readonly AccountPlanEntry[];
  /** Accounts of the policy's organization units that are not planned, and why (excluded, suspended). */
  readonly left: readonly { readonly accountId: string; readonly reason: string }[];
  readonly warnings: readonly AccountsWarning[];
}
