/** The vocabulary of the scope module: what a run may touch, and where each observed resource stands. */
import type { AdoptRules, Tags } from '../types/policy.js';

/**
 * What one run is about. `account`: every region it discovered; `regions`: those regions only;
 * `interfaces`: the sessions of these interfaces of one region only (a scoped healer run), never the
 * targets and filters they share with interfaces the run did not look at.
 */
export type RunScope =
  | { readonly kind: 'account' }
  | { readonly kind: 'regions'; readonly regions: readonly string[] }
  | { readonly kind: 'interfaces'; readonly region: string; readonly interfaceIds: readonly string[] };

/**
 * Where an observed resource stands for a run. Only `owned` may be updated or deleted.
 * - `other-account`: its ownerId is not the planned account (a RAM-shared target, or another account's
 *   session on a target this account shares), whatever its tags;
 * - `out-of-scope`: this policy's or not, the run was not asked about it;
 * - `owned`: this policy's tag; `other-policy`: another mirrorctl policy's tag;
 * - `adoptable`: made by another tool mirrorctl knows how to take over from: Vectra's (by its markers), or
 *   any tool whose session tags the policy's `adopt` names. Taken over (tagged, modified in place, never
 *   deleted) only where `adopt` allows it (`adoption`); otherwise left alone like `foreign`;
 * - `foreign`: anything else.
 */
export type Standing = 'owned' | 'other-policy' | 'foreign' | 'adoptable' | 'other-account' | 'out-of-scope';

/** What classification reads of an observed resource; a filter rule is classified by its filter. */
export type ScopedResource =
  | {
      readonly type: 'session';
      readonly region: string;
      readonly networkInterfaceId: string;
      readonly ownerId?: string | undefined;
      readonly description?: string | undefined;
      readonly tags: Tags;
    }
  | {
      /** Load balancers and target groups are the ELBv2 resources a managed target is made of. */
      readonly type: 'target' | 'filter' | 'load-balancer' | 'target-group';
      readonly region: string;
      readonly ownerId?: string | undefined;
      readonly description?: string | undefined;
      readonly tags: Tags;
    };

export interface ScopeInputs {
  readonly policyName: string;
  /** The account being planned; undefined when discovery could not tell, and the account check is skipped. */
  readonly accountId?: string | undefined;
  readonly scope: RunScope;
  /** The policy's `adopt`: what the run may take over from another tool. Absent: nothing. */
  readonly adopt?: AdoptRules | undefined;
}

/**
 * Who made a resource, whatever the run's scope: what a plan says of a target it uses but does not own.
 * `owned` carries the `mirrorctl:key` it is kept under, when it has one.
 */
export type Origin =
  | { readonly kind: 'owned'; readonly key?: string }
  | { readonly kind: 'other-policy'; readonly policyName: string }
  | { readonly kind: 'adoptable' }
  | { readonly kind: 'foreign' }
  | { readonly kind: 'other-account'; readonly accountId: string };
