/**
 * Defence in depth against an edited or buggy plan: before an update or delete starts, the resource it names
 * must stand `owned` in what this run's discovery observed; before an adopt, it must be another tool's that the
 * policy's `adopt` names. Creates are not checked here: they change nothing that exists.
 */
import { actionStanding, adoptStanding, type AdoptStanding } from '../../core/scope/index.js';
import type { PlanAction } from '../../core/types/plan.js';
import type { ApplyOptions } from './types.js';

/** Why the action may not run, or undefined when it may. */
export type OwnershipGuard = (action: PlanAction) => string | undefined;

const WHY: Readonly<Record<Exclude<AdoptStanding, 'owned'>, string>> = {
  'other-account': 'belongs to another AWS account',
  'out-of-scope': 'is outside the regions or interfaces of this run',
  'other-policy': 'belongs to another mirrorctl policy',
  adoptable: "was made by another tool: a plan may adopt it (when the policy's adopt names it), never update or delete it",
  'not-adoptable': "was made by another tool that the policy's adopt does not name (a target is never adopted)",
  foreign: 'does not carry this policy\'s mirrorctl:policy tag',
  'not-observed': 'was not seen by this run\'s discovery (in a region it did not read, or gone)',
};

export function ownershipGuard(ownership: ApplyOptions['ownership']): OwnershipGuard {
  if (ownership === undefined) return () => undefined;
  return (action) => {
    if (action.action === 'create') return undefined;
    const what = `${action.type} ${action.resourceId ?? '(no id)'} in ${action.region}`;
    if (action.action === 'adopt') {
      const standing = adoptStanding(ownership, ownership.observed, action);
      if (standing === 'adoptable') return undefined;
      return `refused to adopt ${what}: it ${standing === 'owned' ? "is already this policy's" : WHY[standing]}`;
    }
    const standing = actionStanding(ownership, ownership.observed, action);
    if (standing === 'owned') return undefined;
    return `refused to ${action.action} ${what}: it ${WHY[standing]}`;
  };
}
