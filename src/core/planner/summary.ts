/** Terraform's "X to add, Y to change, Z to destroy", counted from the actions: a replacement counts in both. */
import type { PlanAction, PlanSummary } from '../types/plan.js';

export function summarise(actions: readonly PlanAction[]): PlanSummary {
  const count = (kinds: readonly string[]): number => actions.filter((action) => kinds.includes(action.action)).length;
  return { create: count(['create', 'replace']), update: count(['update']), delete: count(['delete', 'replace']) };
}
