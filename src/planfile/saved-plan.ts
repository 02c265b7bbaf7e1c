import { randomUUID } from 'node:crypto';
import type { ObservedAccount } from '../core/types/observed.js';
import type { Plan } from '../core/types/plan.js';
import { fingerprintObserved } from './fingerprint.js';
import type { SavedPlan, SavedPlanOptions } from './types.js';

export interface CreateSavedPlanArgs {
  readonly plan: Plan;
  /** The discovery the plan was computed from; fingerprinted so apply can tell if the account moved on. */
  readonly observed: ObservedAccount;
  readonly policy: { readonly file: string; readonly sha256: string };
  /** The planner options the plan was made with; default all off. */
  readonly options?: SavedPlanOptions;
  readonly mirrorctlVersion: string;
  /** Defaults to a random UUID; pass one only to make a test reproducible. */
  readonly planId?: string;
  /** Defaults to now. */
  readonly createdAt?: Date;
}

export function createSavedPlan(args: CreateSavedPlanArgs): SavedPlan {
  const { plan, observed } = args;
  return {
    formatVersion: 1,
    kind: 'mirrorctl-plan',
    planId: args.planId ?? randomUUID(),
    createdAt: (args.createdAt ?? new Date()).toISOString(),
    mirrorctlVersion: args.mirrorctlVersion,
    policy: { file: args.policy.file, name: plan.policyName, sha256: args.policy.sha256 },
    ...accountIdOf(plan, observed),
    regions: [...plan.regions],
    mode: plan.mode,
    options: {
      allowEmptyEntries: args.options?.allowEmptyEntries === true,
      ...(args.options?.targets === undefined || args.options.targets.length === 0 ? {} : { targets: args.options.targets }),
      ...(args.options?.cleanupLegacyTags === true ? { cleanupLegacyTags: true } : {}),
    },
    fingerprint: fingerprintObserved(observed),
    plan,
  };
}

/** STS's answer when the plan has one; otherwise what discovery saw as the owner of instances and interfaces. */
function accountIdOf(plan: Plan, observed: ObservedAccount): { accountId?: string } {
  const accountId = plan.account?.id ?? observed.accountId;
  return accountId === undefined ? {} : { accountId };
}
