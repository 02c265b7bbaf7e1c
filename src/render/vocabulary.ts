/**
 * The words and symbols every reporter uses for actions and resource types, in one place so text,
 * markdown and grouped summaries never disagree.
 *
 * mirrorctl replaces make-before-break (the new resource is created, dependants are repointed, then the old
 * one is deleted), so a replacement is `+/-`, Terraform's "create replacement and then destroy".
 */
import type { ActionKind, Plan, PlanAction, ResourceType } from '../core/types/plan.js';
import type { Style } from './ansi.js';

/** Legend and summary order. */
export const ACTION_ORDER: readonly ActionKind[] = ['create', 'update', 'delete', 'replace'];

export const ACTION_SYMBOL: Readonly<Record<ActionKind, string>> = {
  create: '+',
  update: '~',
  delete: '-',
  replace: '+/-',
};

export const ACTION_LEGEND: Readonly<Record<ActionKind, string>> = {
  create: 'create',
  update: 'update in place',
  delete: 'destroy',
  replace: 'create replacement and then destroy',
};

/** Completes "# session x (us-east-1) …". */
export const ACTION_OUTCOME: Readonly<Record<ActionKind, string>> = {
  create: 'will be created',
  update: 'will be updated in-place',
  delete: 'will be destroyed',
  replace: 'must be replaced',
};

/** Completes "9,950 sessions …". */
export const ACTION_INTENT: Readonly<Record<ActionKind, string>> = {
  create: 'to create',
  update: 'to update in place',
  delete: 'to destroy',
  replace: 'to replace',
};

export function actionColour(style: Style, action: ActionKind): (text: string) => string {
  switch (action) {
    case 'create':
      return style.green;
    case 'update':
      return style.yellow;
    case 'delete':
      return style.red;
    case 'replace':
      return style.cyan;
  }
}

const TYPE_NOUN: Readonly<Record<ResourceType, readonly [singular: string, plural: string]>> = {
  target: ['target', 'targets'],
  filter: ['filter', 'filters'],
  'filter-rule': ['filter rule', 'filter rules'],
  session: ['session', 'sessions'],
  'load-balancer': ['load balancer', 'load balancers'],
  'target-group': ['target group', 'target groups'],
  listener: ['listener', 'listeners'],
  'target-registration': ['sensor registration', 'sensor registrations'],
};

export function typeNoun(type: ResourceType, count: number): string {
  const [singular, plural] = TYPE_NOUN[type];
  return count === 1 ? singular : plural;
}

/** Both the delete and the replace of an existing resource destroy something, so both say why. */
export function explainsDestruction(action: PlanAction): boolean {
  return action.action === 'delete' || action.action === 'replace';
}

export function replacementCount(actions: readonly PlanAction[]): number {
  return actions.filter((action) => action.action === 'replace').length;
}

/** The no-op verdict, worded for what was asked: converge to the policy, or remove what it owns. */
export function noChanges(plan: Plan): string {
  return plan.mode === 'destroy'
    ? `No changes. Policy ${plan.policyName} owns nothing in ${plan.regions.join(', ')}.`
    : 'No changes. The account matches the policy.';
}
