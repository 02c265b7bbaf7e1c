/**
 * The file `mirrorctl plan --out` writes for a policy of several accounts: today's saved plan for each
 * account (with its own fingerprint and account id), side by side, under one plan id. `apply FILE` plans
 * every account again and carries out an account only when its new plan is exactly its saved one.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AccountPlanEntry, AccountsPlan, AccountsWarning } from '../core/types/accounts-plan.js';
import type { ObservedAccount } from '../core/types/observed.js';
import type { Plan } from '../core/types/plan.js';
import { createSavedPlan } from './saved-plan.js';
import { savedPlanSchema } from './schema.js';
import type { SavedPlan, SavedPlanOptions } from './types.js';

export type SavedAccountEntry =
  | { readonly accountId: string; readonly name?: string; readonly roleArn: string; readonly status: 'planned'; readonly saved: SavedPlan }
  | { readonly accountId: string; readonly name?: string; readonly roleArn: string; readonly status: 'failed'; readonly error: { readonly message: string; readonly hint?: string } };

export interface AccountsSavedPlan {
  readonly formatVersion: 1;
  readonly kind: 'mirrorctl-accounts-plan';
  readonly planId: string;
  readonly createdAt: string;
  readonly mirrorctlVersion: string;
  readonly policy: { readonly file: string; readonly name: string; readonly sha256: string };
  readonly regions: readonly string[];
  readonly mode: 'converge' | 'destroy';
  readonly options: SavedPlanOptions;
  readonly callerArn: string;
  /** Sorted by account id. */
  readonly accounts: readonly SavedAccountEntry[];
  readonly left: readonly { readonly accountId: string; readonly reason: string }[];
  readonly warnings: readonly AccountsWarning[];
}

export interface CreateAccountsSavedPlanArgs {
  readonly plan: AccountsPlan;
  /** What discovery observed in each planned account, by account id. */
  readonly observed: ReadonlyMap<string, ObservedAccount>;
  readonly policy: { readonly file: string; readonly sha256: string };
  readonly options: SavedPlanOptions;
  readonly mirrorctlVersion: string;
  readonly planId?: string;
  readonly createdAt?: Date;
}

export function createAccountsSavedPlan(args: CreateAccountsSavedPlanArgs): AccountsSavedPlan {
  const planId = args.planId ?? randomUUID();
  const createdAt = args.createdAt ?? new Date();
  const entry = (account: AccountPlanEntry): SavedAccountEntry => {
    const base = { accountId: account.accountId, ...(account.name === undefined ? {} : { name: account.name }), roleArn: account.roleArn };
    if (account.status === 'failed') return { ...base, status: 'failed', error: account.error };
    const observed = args.observed.get(account.accountId);
    if (observed === undefined) throw new Error(`no observed state for account ${account.accountId}`);
    const saved = createSavedPlan({
      plan: account.plan,
      observed,
      policy: args.policy,
      options: args.options,
      mirrorctlVersion: args.mirrorctlVersion,
      planId,
      createdAt,
    });
    return { ...base, status: 'planned', saved };
  };
  return {
    formatVersion: 1,
    kind: 'mirrorctl-accounts-plan',
    planId,
    createdAt: createdAt.toISOString(),
    mirrorctlVersion: args.mirrorctlVersion,
    policy: { file: args.policy.file, name: args.plan.policyName, sha256: args.policy.sha256 },
    regions: [...args.plan.regions],
    mode: args.plan.mode,
    options: args.options,
    callerArn: args.plan.callerArn,
    accounts: args.plan.accounts.map(entry),
    left: args.plan.left,
    warnings: args.plan.warnings,
  };
}

/** The plan over accounts a saved file holds, for `show` and for the report of `apply FILE`. */
export function accountsPlanOf(saved: AccountsSavedPlan, plans: ReadonlyMap<string, Plan> = new Map()): AccountsPlan {
  return {
    formatVersion: 1,
    policyName: saved.policy.name,
    mode: saved.mode,
    regions: saved.regions,
    callerArn: saved.callerArn,
    accounts: saved.accounts.map((account): AccountPlanEntry => {
      const base = { accountId: account.accountId, ...(account.name === undefined ? {} : { name: account.name }), roleArn: account.roleArn };
      if (account.status === 'failed') return { ...base, status: 'failed', error: account.error };
      return { ...base, status: 'planned', plan: plans.get(account.accountId) ?? account.saved.plan };
    }),
    left: saved.left,
    warnings: saved.warnings,
  };
}

const hinted = z.object({ message: z.string(), hint: z.string().exactOptional() });
const entryBase = { accountId: z.string().regex(/^\d{12}$/), name: z.string().exactOptional(), roleArn: z.string() };

export const accountsSavedPlanSchema = z.object({
  formatVersion: z.literal(1),
  kind: z.literal('mirrorctl-accounts-plan'),
  planId: z.string().min(1),
  createdAt: z.string(),
  mirrorctlVersion: z.string(),
  policy: z.object({ file: z.string(), name: z.string(), sha256: z.string() }),
  regions: z.array(z.string()),
  mode: z.enum(['converge', 'destroy']),
  options: z.object({ allowEmptyEntries: z.boolean(), targets: z.array(z.string()).exactOptional() }),
  callerArn: z.string(),
  accounts: z.array(
    z.discriminatedUnion('status', [
      z.object({ ...entryBase, status: z.literal('planned'), saved: savedPlanSchema }),
      z.object({ ...entryBase, status: z.literal('failed'), error: hinted }),
    ]),
  ),
  left: z.array(z.object({ accountId: z.string(), reason: z.string() })),
  warnings: z.array(z.object({ code: z.string(), message: z.string(), region: z.string().exactOptional(), accountId: z.string().exactOptional() })),
});
