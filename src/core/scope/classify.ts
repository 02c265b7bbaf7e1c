/**
 * The one place that decides what mirrorctl may touch. The account comes first: a resource another account
 * owns is never ours to change, even when a same-named policy there tagged it exactly as we would.
 */
import { KEY_TAG, POLICY_TAG, isOwnedBy } from '../ownership.js';
import type { AdoptRules, Tags } from '../types/policy.js';
import { adoptionRule, isRecognised, type AdoptionRule } from './adoption.js';
import type { Origin, RunScope, ScopeInputs, ScopedResource, Standing } from './types.js';

export function inScope(scope: RunScope, resource: ScopedResource): boolean {
  switch (scope.kind) {
    case 'account':
      return true;
    case 'regions':
      return scope.regions.includes(resource.region);
    case 'interfaces':
      // Targets and filters are shared with interfaces the run did not look at: never the run's to change.
      return (
        resource.region === scope.region &&
        resource.type === 'session' &&
        scope.interfaceIds.includes(resource.networkInterfaceId)
      );
  }
}

/** Who made it, by its tags alone (and, for another tool's, by the markers mirrorctl recognises). */
export function tagStanding(
  tags: Tags,
  policyName: string,
  resource?: ScopedResource,
  adopt?: AdoptRules,
): 'owned' | 'other-policy' | 'adoptable' | 'foreign' {
  if (isOwnedBy(tags, policyName)) return 'owned';
  if (tags[POLICY_TAG] !== undefined) return 'other-policy';
  return resource !== undefined && isRecognised(adopt, resource) ? 'adoptable' : 'foreign';
}

export const isOtherAccount = (
  inputs: Pick<ScopeInputs, 'accountId'>,
  resource: { readonly ownerId?: string | undefined; readonly tags: Tags },
): boolean =>
  inputs.accountId !== undefined && resource.ownerId !== undefined && resource.ownerId !== inputs.accountId;

export function classify(inputs: ScopeInputs, resource: ScopedResource): Standing {
  if (isOtherAccount(inputs, resource)) return 'other-account';
  if (!inScope(inputs.scope, resource)) return 'out-of-scope';
  return tagStanding(resource.tags, inputs.policyName, resource, inputs.adopt);
}

/**
 * Whether this run may take the resource over, and under which rule: it must be another tool's of this
 * account, in the run's scope, and named by the policy's `adopt`.
 */
export function adoption(inputs: ScopeInputs, resource: ScopedResource): AdoptionRule | undefined {
  return classify(inputs, resource) === 'adoptable' ? adoptionRule(inputs.adopt, resource) : undefined;
}

export function origin(inputs: ScopeInputs, resource: ScopedResource): Origin {
  if (isOtherAccount(inputs, resource)) return { kind: 'other-account', accountId: resource.ownerId ?? '' };
  const standing = tagStanding(resource.tags, inputs.policyName, resource, inputs.adopt);
  switch (standing) {
    case 'owned': {
      const key = resource.tags[KEY_TAG];
      return key === undefined ? { kind: 'owned' } : { kind: 'owned', key };
    }
    case 'other-policy':
      return { kind: 'other-policy', policyName: resource.tags[POLICY_TAG] ?? '' };
    default:
      return { kind: standing };
  }
}
