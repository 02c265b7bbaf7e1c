/**
 * The guard `apply FILE` runs. The plan file itself is not trusted: apply plans again from the current
 * policy and account and carries out the saved plan only if the new plan holds exactly the same actions
 * (compare-plans.ts). So unrelated changes (an instance launched in a VPC the policy does not tap, a
 * comment in the policy) leave a reviewed plan valid, while anything that changes what would be done, or
 * an edit of the file, refuses it and shows the difference.
 */
import { UserError } from '../core/errors.js';
import type { ObservedAccount } from '../core/types/observed.js';
import type { Plan } from '../core/types/plan.js';
import { renderPlanDiff } from '../render/plan-diff.js';
import { comparePlanActions, plansMatch } from './compare-plans.js';
import { compareFingerprints } from './fingerprint-diff.js';
import { fingerprintObserved } from './fingerprint.js';
import type { SavedPlan, SavedPlanOptions } from './types.js';

const HINT = 'nothing was changed; run `mirrorctl plan` again, review the new plan, and apply that one';

/** What the run applying a saved plan is about to plan for, known before any AWS read. */
export interface PlanScope {
  /** The policy file read now; defaults to the one the plan was made from. */
  readonly policyFile?: string;
  readonly policyName: string;
  readonly policyRegions: readonly string[];
  /** The regions this run covers (`--region`, or the plan's). */
  readonly regions: readonly string[];
  /** `--allow-empty-entries` as given on this command line; undefined when not given (the plan's then applies). */
  readonly allowEmptyEntries?: boolean | undefined;
  /** `--target` as given on this command line; undefined or empty when not given (the plan's then apply). */
  readonly targets?: readonly string[] | undefined;
  /** The same, for `--cleanup-legacy-tags`. */
  readonly cleanupLegacyTags?: boolean | undefined;
}

/** The saved plan's planner options; a file written before they were saved was planned with all off. */
export const savedPlanOptions = (saved: SavedPlan): SavedPlanOptions => saved.options ?? { allowEmptyEntries: false };

export interface CurrentState {
  readonly policyFile?: string;
  readonly policySha256: string;
  readonly accountId?: string;
  readonly observed: ObservedAccount;
  /** The plan computed now, from the current policy and `observed`, in the saved plan's mode. */
  readonly plan: Plan;
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

function refuse(saved: SavedPlan, lines: readonly string[]): never {
  throw new UserError(
    `Saved plan is stale: it no longer describes this run (plan made ${saved.createdAt}):\n` +
      lines.map((line) => `  - ${line}`).join('\n'),
    { hint: HINT },
  );
}

/** Throws before discovery when the saved plan is for another policy or other regions than this run. */
export function checkPlanScope(saved: SavedPlan, scope: PlanScope): void {
  const found: string[] = [];
  if (saved.policy.name !== scope.policyName) {
    found.push(`the plan is for policy ${saved.policy.name}, ${scope.policyFile ?? saved.policy.file} is policy ${scope.policyName}`);
  }
  const unlisted = saved.regions.filter((region) => !scope.policyRegions.includes(region));
  if (unlisted.length > 0) found.push(`the plan covers ${unlisted.join(', ')}, which the policy no longer lists`);
  else if (!sameSet(saved.regions, scope.regions)) {
    found.push(`the plan covers ${saved.regions.join(', ')}, this run covers ${scope.regions.join(', ')}`);
  }
  const options = savedPlanOptions(saved);
  const flags: [string, boolean, boolean | undefined][] = [
    ['--allow-empty-entries', options.allowEmptyEntries, scope.allowEmptyEntries],
    ['--cleanup-legacy-tags', options.cleanupLegacyTags === true, scope.cleanupLegacyTags],
  ];
  for (const [flag, planned, given] of flags) {
    if (given === undefined || given === planned) continue;
    found.push(`the plan was made ${planned ? 'with' : 'without'} ${flag}, this run ${given ? 'passes it' : 'turns it off'}`);
  }
  const targeted = savedPlanOptions(saved).targets ?? [];
  if (scope.targets !== undefined && scope.targets.length > 0 && !sameSet(scope.targets, targeted)) {
    found.push(
      targeted.length === 0
        ? `the plan covers the whole policy, this run passes --target ${scope.targets.join(', ')}`
        : `the plan was made with --target ${targeted.join(', ')}, this run passes --target ${scope.targets.join(', ')}`,
    );
  }
  if (found.length > 0) refuse(saved, found);
}

/** Why the new plan may differ: informative only, the comparison of actions decides. */
function whatMoved(saved: SavedPlan, current: CurrentState): string[] {
  const moved: string[] = [];
  if (saved.policy.sha256 !== current.policySha256) {
    const file = current.policyFile ?? saved.policy.file;
    moved.push(
      file === saved.policy.file
        ? `the policy file changed since the plan was made (${saved.policy.file})`
        : `the policy ${file} differs from ${saved.policy.file}, the policy the plan was made from`,
    );
  }
  moved.push(...compareFingerprints(saved.fingerprint, fingerprintObserved(current.observed), current.observed));
  return moved;
}

/**
 * Throws a UserError showing the difference when the plan computed now is not exactly the saved plan, or
 * the credentials are for another account.
 */
export function checkPlanIsCurrent(saved: SavedPlan, current: CurrentState): void {
  if (saved.accountId !== undefined && current.accountId !== undefined && saved.accountId !== current.accountId) {
    refuse(saved, [`the plan is for AWS account ${saved.accountId}, but the credentials are for ${current.accountId}`]);
  }
  const difference = comparePlanActions(saved.plan.actions, current.plan.actions);
  if (plansMatch(difference)) return;
  const moved = whatMoved(saved, current);
  throw new UserError(
    `Saved plan is stale: apply would now do something else than the reviewed plan (made ${saved.createdAt}):\n` +
      renderPlanDiff(difference).join('\n') +
      (moved.length === 0 ? '' : `\n  Since the plan was made:\n${moved.map((line) => `    - ${line}`).join('\n')}`),
    { hint: HINT },
  );
}
