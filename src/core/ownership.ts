/**
 * Ownership tags: mirrorctl only updates or deletes resources that carry `mirrorctl:policy=<policy name>`.
 * `mirrorctl:key` holds the logical key that ties an AWS resource to its place in the policy.
 */
import type { Tags } from './types/policy.js';

export const POLICY_TAG = 'mirrorctl:policy';
export const KEY_TAG = 'mirrorctl:key';
export const MANAGED_BY_TAG = 'mirrorctl:managed-by';
export const MANAGED_BY_VALUE = 'mirrorctl';

export function ownershipTags(policyName: string, key: string): Tags {
  return { [MANAGED_BY_TAG]: MANAGED_BY_VALUE, [POLICY_TAG]: policyName, [KEY_TAG]: key };
}

export function isOwnedBy(tags: Tags, policyName: string): boolean {
  return tags[POLICY_TAG] === policyName;
}
