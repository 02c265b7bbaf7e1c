/**
 * The guard `apply FILE` runs after discovering again: a saved plan is applied only to the account, regions,
 * policy and observed state it was computed from. Anything else could delete or duplicate what someone
 * changed in the meantime, so the apply stops and says exactly what moved.
 */
import { UserError } from '../core/errors.js';
import type { ObservedAccount } from '../core/types/observed.js';
import { compareFingerprints } from './fingerprint-diff.js';
import { fingerprintObserved } from './fingerprint.js';
import type { ObservedFingerprint, SavedPlan } from './types.js';

export interface CurrentState {
  /** The policy file read now; defaults to the one the plan was made from. */
  readonly policyFile?: string;
  readonly policySha256: string;
  readonly accountId?: string;
  readonly regions: readonly string[];
  readonly observed: ObservedAccount;
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

function onlyRegions(fingerprint: ObservedFingerprint, regions: ReadonlySet<string>): ObservedFingerprint {
  return { regions: fingerprint.regions.filter((region) => regions.has(region.region)) };
}

function differences(saved: SavedPlan, current: CurrentState): string[] {
  const found: string[] = [];
  if (saved.policy.sha256 !== current.policySha256) {
    const file = current.policyFile ?? saved.policy.file;
    found.push(
      file === saved.policy.file
        ? `the policy file changed since the plan was made (${saved.policy.file})`
        : `the policy ${file} differs from ${saved.policy.file}, the policy the plan was made from`,
    );
  }
  if (saved.accountId !== undefined && current.accountId !== undefined && saved.accountId !== current.accountId) {
    found.push(`the plan is for AWS account ${saved.accountId}, but the credentials are for ${current.accountId}`);
  }
  let savedFingerprint = saved.fingerprint;
  let nowFingerprint = fingerprintObserved(current.observed);
  if (!sameSet(saved.regions, current.regions)) {
    found.push(`the plan covers ${saved.regions.join(', ')}, this run covers ${current.regions.join(', ')}`);
    // The region difference is reported once, above; the fingerprints are compared where both saw a region.
    const shared = new Set(saved.regions.filter((region) => current.regions.includes(region)));
    savedFingerprint = onlyRegions(savedFingerprint, shared);
    nowFingerprint = onlyRegions(nowFingerprint, shared);
  }
  found.push(...compareFingerprints(savedFingerprint, nowFingerprint, current.observed));
  return found;
}

/** Throws a UserError naming every difference when the saved plan no longer matches the account. */
export function checkPlanIsCurrent(saved: SavedPlan, current: CurrentState): void {
  const found = differences(saved, current);
  if (found.length === 0) return;
  throw new UserError(
    `Saved plan is stale: the account or the policy changed since it was made (${saved.createdAt}):\n` +
      found.map((difference) => `  - ${difference}`).join('\n'),
    { hint: 'nothing was changed; run `mirrorctl plan` again, review the new plan, and apply that one' },
  );
}
