/**
 * The check behind `apply PLANFILE`: the plan approved in review against the plan computed now from the
 * current policy and account. A saved plan is carried out only when both hold exactly the same actions,
 * compared member by member, so whatever was edited into the file, or moved in the account since, is
 * either identical to what the planner decides now or refused. Actions are matched by id, which the
 * planner derives from region and logical key.
 */
import type { PlanAction } from '../core/types/plan.js';
import { valueDifferences, type ValueDifference } from './value-diff.js';

export interface ChangedAction {
  readonly approved: PlanAction;
  readonly now: PlanAction;
  readonly differences: readonly ValueDifference[];
}

export interface PlanDifference {
  /** In the approved plan, but not planned now (or planned under no such id). */
  readonly noLongerPlanned: readonly PlanAction[];
  /** Planned now, but not in the approved plan. */
  readonly notApproved: readonly PlanAction[];
  /** The same id in both, with different members. */
  readonly changed: readonly ChangedAction[];
}

export function comparePlanActions(approved: readonly PlanAction[], now: readonly PlanAction[]): PlanDifference {
  const nowById = new Map(now.map((action) => [action.id, action]));
  const matched = new Set<string>();
  const noLongerPlanned: PlanAction[] = [];
  const changed: ChangedAction[] = [];
  for (const action of approved) {
    const current = nowById.get(action.id);
    // A second approved action under one id (only an edited file has that) has nothing left to match.
    if (current === undefined || matched.has(action.id)) {
      noLongerPlanned.push(action);
      continue;
    }
    matched.add(action.id);
    const differences = valueDifferences(action, current);
    if (differences.length > 0) changed.push({ approved: action, now: current, differences });
  }
  const notApproved = now.filter((action) => !matched.has(action.id));
  return { noLongerPlanned, notApproved, changed };
}

export const plansMatch = (difference: PlanDifference): boolean =>
  difference.noLongerPlanned.length === 0 && difference.notApproved.length === 0 && difference.changed.length === 0;
