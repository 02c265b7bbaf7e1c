/**
 * The words and symbols every reporter uses for actions and resource types, in one place so text,
 * markdown and grouped summaries never disagree.
 *
 * mirrorctl replaces make-before-break (the new resource is created, dependants are repointed, then the old
 * one is deleted), so a replacement is `+/-`, Terraform's "create replacement and then destroy". An adoption
 * takes over what another tool made, in place: `~>`, an update that also moves the resource into the policy.
 */
import type { ActionKind, Plan, PlanAction, ResourceType } from '../core/types/plan.js';
import type { Style } from './ansi.js';

/** Legend and summary order. */
export const ACTION_ORDER: readonly ActionKind[] = ['adopt', 'create', 'update', 'delete', 'replace'];

export const ACTION_SYMBOL: Readonly<Record<ActionKind, string>> = {
  create: '+',
  update: '~',
  delete: '-',
  replace: '+/-',
  adopt: '~>',
};

export const ACTION_LEGEND: Readonly<Record<ActionKind, string>> = {
  create: 'create',
  update: 'update in place',
  delete: 'destroy',
  replace: 'create replacement and then destroy',
  adopt: "adopt: take over another tool's resource in place (tag it, modify it where the policy differs)",
};

/** Completes "# session x (us-east-1) …". */
export const ACTION_OUTCOME: Readonly<Record<ActionKind, string>> = {
  create: 'will be created',
  update: 'will be updated in-place',
  delete: 'will be destroyed',
  replace: 'must be replaced',
  adopt: 'will be adopted',
};

/** Completes "9,950 sessions …". */
export const ACTION_INTENT: Readonly<Record<ActionKind, string>> = {
  create: 'to create',
  update: 'to update in place',
  delete: 'to destroy',
  replace: 'to replace',
  adopt: 'to adopt',
};

/** A targeted plan says so first: what it leaves out is not "no changes". */
export const targetedNote = (targets: readonly string[]): string =>
  `Targeted plan (--target ${targets.join(', ')}): only their sessions and what those need are in it; nothing else ` +
  'will be changed or deleted. Run a plan without --target to see everything.';

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
    case 'adopt':
      return style.magenta;
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

export function adoptionCount(actions: readonly PlanAction[]): number {
  return actions.filter((action) => action.action === 'adopt').length;
}

/** "3 to adopt, " before Terraform's counts, only when something is adopted. */
export function adoptionPrefix(actions: readonly PlanAction[], formatCount: (count: number) => string): string {
  const adoptions = adoptionCount(actions);
  return adoptions === 0 ? '' : `${formatCount(adoptions)} to adopt, `;
}

/** The no-op verdict, worded for what was asked: converge to the policy, or remove what it owns. */
export function noChanges(plan: Plan): string {
  return plan.mode === 'destroy'
    ? `No changes. Policy ${plan.policyName} owns nothing in ${plan.regions.join(', ')}.`
    : 'No changes. The account matches the policy.';
}
