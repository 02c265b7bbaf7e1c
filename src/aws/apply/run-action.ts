/**
 * Turns one plan action into calls. A replace runs in two phases, scheduled separately: `runAction` creates
 * the replacement, `retireReplaced` deletes the old resource once everything that used it has moved over.
 */
import type { DesiredResource, PlanAction, ResourceType } from '../../core/types/plan.js';
import { failure, type ActionContext } from './action-context.js';
import { createToken } from './client-token.js';
import { changedAttributes, type ResourceHandler } from './handler.js';
import { filterRuleHandler } from './resources/filter-rule.js';
import { filterHandler } from './resources/filter.js';
import { listenerHandler } from './resources/listener.js';
import { loadBalancerHandler } from './resources/load-balancer.js';
import { registrationHandler } from './resources/registration.js';
import { targetGroupHandler } from './resources/target-group.js';
import { sessionHandler } from './resources/session.js';
import { targetHandler } from './resources/target.js';
import { syncTags } from './tags.js';

const HANDLERS: Readonly<Record<ResourceType, ResourceHandler<DesiredResource>>> = {
  target: targetHandler,
  filter: filterHandler,
  'filter-rule': filterRuleHandler,
  session: sessionHandler,
  'load-balancer': loadBalancerHandler as ResourceHandler<DesiredResource>,
  'target-group': targetGroupHandler as ResourceHandler<DesiredResource>,
  listener: listenerHandler as ResourceHandler<DesiredResource>,
  'target-registration': registrationHandler as ResourceHandler<DesiredResource>,
};

/** Whether the executor can apply actions on this type of resource. */
export function supports(type: ResourceType): boolean {
  return HANDLERS[type] !== undefined;
}

/** Runs a create, update, adopt or delete, or the first phase of a replace; returns the resource id. */
export async function runAction(ctx: ActionContext, policyName: string): Promise<string> {
  const action = ctx.action;
  const handler = handlerFor(action.type);
  switch (action.action) {
    case 'create':
    case 'replace': {
      const after = desired(action);
      return handler.create(ctx, after, createToken(ctx, policyName, after));
    }
    case 'update':
    case 'adopt': {
      const id = existingId(action);
      const after = desired(action);
      const changed = changedAttributes(action, handler);
      const fixed = handler.immutable.filter((name) => changed.has(name));
      if (fixed.length > 0) {
        const instead = action.action === 'adopt' ? 'cannot be adopted: it' : `the plan should replace ${id}`;
        throw failure('InvalidPlan', `${fixed.join(', ')} cannot change in place; ${instead}`);
      }
      const before = action.before?.kind === action.type ? action.before : undefined;
      if (action.action === 'adopt' && before === undefined) {
        throw failure('InvalidPlan', `adopt ${action.id} has no observed ${action.type} definition`);
      }
      await handler.update(ctx, id, before, after, changed);
      // An adoption is the change of tags: they go last, so a resource is tagged as this policy's only once it
      // looks as the policy wants it (a failed Modify leaves it the other tool's, adopted again next time).
      if (changed.has('tags') || action.action === 'adopt') await (handler.syncTags ?? syncTags)(ctx, id, before?.tags ?? {}, after.tags);
      return id;
    }
    case 'delete': {
      const id = existingId(action);
      await handler.remove(ctx, id);
      return id;
    }
  }
}

/** The second phase of a replace: deletes the resource it replaced. */
export async function retireReplaced(ctx: ActionContext): Promise<void> {
  await handlerFor(ctx.action.type).remove(ctx, existingId(ctx.action));
}

function handlerFor(type: ResourceType): ResourceHandler<DesiredResource> {
  const handler = HANDLERS[type];
  if (handler === undefined) throw failure('NotSupported', `${type} resources are not supported yet`);
  return handler;
}

function desired(action: PlanAction): DesiredResource {
  if (action.after?.kind !== action.type) {
    throw failure('InvalidPlan', `${action.action} ${action.id} has no desired ${action.type} definition`);
  }
  return action.after;
}

function existingId(action: PlanAction): string {
  if (action.resourceId === undefined) {
    throw failure('InvalidPlan', `${action.action} ${action.id} has no resource id`);
  }
  return action.resourceId;
}
