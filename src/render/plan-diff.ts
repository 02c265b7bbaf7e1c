/**
 * The difference between a reviewed plan and the plan apply would carry out now, as text lines: what the
 * reviewer approved that would no longer happen, what would happen that nobody approved, and the actions
 * whose attributes moved, attribute by attribute. Long lists are cut: the point is to show why the plan
 * is refused, and the new plan is reviewed in full anyway.
 */
import type { PlanAction } from '../core/types/plan.js';
import type { PlanDifference } from '../planfile/compare-plans.js';
import type { ValueDifference } from '../planfile/value-diff.js';
import { formatCount } from './numbers.js';

export interface PlanDiffOptions {
  /** Actions listed per section before "… and N more" (default 10). */
  readonly maxActions?: number;
  /** Attributes listed per changed action (default 5). */
  readonly maxAttributes?: number;
}

const MAX_VALUE_LENGTH = 80;

function headline(action: PlanAction): string {
  const where = action.resourceId === undefined ? action.region : `${action.region}, ${action.resourceId}`;
  return `${action.action} ${action.type} ${action.key} (${where})`;
}

function value(shown: unknown): string {
  if (shown === undefined) return '(absent)';
  const text = JSON.stringify(shown);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

function more(count: number, limit: number, indent: string): string[] {
  return count > limit ? [`${indent}… and ${formatCount(count - limit)} more`] : [];
}

function attributeLines(differences: readonly ValueDifference[], limit: number): string[] {
  return [
    ...differences.slice(0, limit).map((d) => `        ${d.path}: ${value(d.approved)} → ${value(d.now)}`),
    ...more(differences.length, limit, '        '),
  ];
}

function section(title: string, symbol: string, actions: readonly PlanAction[], limit: number): string[] {
  if (actions.length === 0) return [];
  return [
    `  ${title} (${formatCount(actions.length)}):`,
    ...actions.slice(0, limit).map((action) => `    ${symbol} ${headline(action)}`),
    ...more(actions.length, limit, '    '),
  ];
}

export function renderPlanDiff(difference: PlanDifference, options: PlanDiffOptions = {}): string[] {
  const maxActions = options.maxActions ?? 10;
  const maxAttributes = options.maxAttributes ?? 5;
  const changed =
    difference.changed.length === 0
      ? []
      : [
          `  Approved, but different now (${formatCount(difference.changed.length)}):`,
          ...difference.changed
            .slice(0, maxActions)
            .flatMap((change) => [`    ~ ${headline(change.now)}`, ...attributeLines(change.differences, maxAttributes)]),
          ...more(difference.changed.length, maxActions, '    '),
        ];
  return [
    ...section('Approved, but no longer planned', '-', difference.noLongerPlanned, maxActions),
    ...section('Planned now, but not approved', '+', difference.notApproved, maxActions),
    ...changed,
  ];
}
