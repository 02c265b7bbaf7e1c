/**
 * Defence in depth against an edited or buggy plan: before an update or delete starts, the resource it names
 * must stand `owned` in what this run's discovery observed. Creates are not checked here: they change nothing
 * that exists.
 */
import { actionStanding, type ActionStanding } from '../../core/scope/index.js';
import type { PlanAction } from '../../core/types/plan.js';
import type { ApplyOptions } from './types.js';

/** Why the action may not run, or undefined when it may. */
export type OwnershipGuard = (action: PlanAction) => string | undefined;

const WHY: Readonly<Record<Exclude<ActionStanding, 'owned'>, string>> = {
  'other-account': 'belongs to another AWS account',
  'out-of-scope': 'is outside the regions or interfaces of this run',
  'other-policy': 'belongs to another mirrorctl policy',
  adoptable: "was made by Vectra's traffic mirroring tool, which mirrorctl does not adopt yet",
  foreign: 'does not carry this policy\'s mirrorctl:policy tag',
  'not-observed': 'was not seen by this run\'s discovery (in a region it did not read, or gone)',
};

export function ownershipGuard(ownership: ApplyOptions['ownership']): OwnershipGuard {
  if (ownership === undefined) return () => undefined;
  return (action) => {
    if (action.action === 'create') return undefined;
    const standing = actionStanding(ownership, ownership.observed, action);
    if (standing === 'owned') return undefined;
    const what = `${action.type} ${action.resourceId ?? '(no id)'} in ${action.region}`;
    return `refused to ${action.action} ${what}: it ${WHY[standing]}`;
  };
}
