/**
 * ClientTokens for creates. They derive from what is created (src/planfile/tokens.ts): a create retried after
 * its response was lost, re-run after an interrupted apply, or decided by two runs at once carries the same
 * token, and AWS returns the resource it already made instead of a duplicate.
 */
import type { DesiredResource, PlanAction } from '../../core/types/plan.js';
import { contentToken } from '../../planfile/tokens.js';
import type { ActionContext } from './action-context.js';

/**
 * References are hashed as the ids they resolve to: two runs that name the same filter, one by its key (it
 * was created in the same apply) and one by its id (it already existed), send the same request.
 */
export function createToken(ctx: ActionContext, policyName: string, desired: DesiredResource): string {
  const action: PlanAction = ctx.action;
  return contentToken({ policyName, region: action.region, key: action.key, desired: resolvedContent(ctx, desired) });
}

function resolvedContent(ctx: ActionContext, desired: DesiredResource): unknown {
  switch (desired.kind) {
    case 'session':
      return { ...desired, target: ctx.resolve(desired.target), filter: ctx.resolve(desired.filter) };
    case 'filter-rule':
      return { ...desired, filter: ctx.resolve(desired.filter) };
    case 'target':
      return desired.loadBalancer === undefined ? desired : { ...desired, loadBalancer: ctx.resolve(desired.loadBalancer) };
    case 'filter':
    case 'load-balancer':
    case 'target-group':
    case 'listener':
    case 'target-registration':
      return desired;
  }
}
