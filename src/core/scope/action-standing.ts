/**
 * The executor's question before an update or delete: does the resource the action names stand `owned` in
 * what this run's discovery observed? A plan is only data (it may come from a file edited by hand), so the
 * answer comes from the observed account, never from the plan's own `before`.
 */
import { parseRegistrationId } from '../keys.js';
import type { ObservedAccount, ObservedRegion } from '../types/observed.js';
import type { PlanAction } from '../types/plan.js';
import { filterResource, loadBalancerResource, sessionResource, targetGroupResource, targetResource } from './region-scope.js';
import { classify } from './classify.js';
import type { ScopeInputs, Standing } from './types.js';

export type ActionStanding = Standing | 'not-observed';

function standingIn(inputs: ScopeInputs, region: ObservedRegion, action: Pick<PlanAction, 'type' | 'resourceId'>): ActionStanding {
  const id = action.resourceId;
  switch (action.type) {
    case 'session': {
      const session = region.sessions.find((item) => item.id === id);
      return session === undefined ? 'not-observed' : classify(inputs, sessionResource(region.region, session));
    }
    case 'target': {
      const target = region.targets.find((item) => item.id === id);
      return target === undefined ? 'not-observed' : classify(inputs, targetResource(region.region, target));
    }
    case 'filter': {
      const filter = region.filters.find((item) => item.id === id);
      return filter === undefined ? 'not-observed' : classify(inputs, filterResource(region.region, filter));
    }
    case 'filter-rule': {
      const filter = region.filters.find((item) => item.rules.some((rule) => rule.id === id));
      return filter === undefined ? 'not-observed' : classify(inputs, filterResource(region.region, filter));
    }
    case 'load-balancer': {
      const lb = region.managedLoadBalancers?.find((item) => item.arn === id);
      return lb === undefined ? 'not-observed' : classify(inputs, loadBalancerResource(region.region, lb));
    }
    case 'target-group': {
      const group = region.managedTargetGroups?.find((item) => item.arn === id);
      return group === undefined ? 'not-observed' : classify(inputs, targetGroupResource(region.region, group));
    }
    case 'listener': {
      // A listener is its load balancer's.
      const lb = region.managedLoadBalancers?.find((item) => item.listeners.some((listener) => listener.arn === id));
      return lb === undefined ? 'not-observed' : classify(inputs, loadBalancerResource(region.region, lb));
    }
    case 'target-registration': {
      // A registration is its target group's: `<group ARN>|<target id>`.
      const groupArn = id === undefined ? undefined : parseRegistrationId(id).targetGroupArn;
      const group = region.managedTargetGroups?.find((item) => item.arn === groupArn);
      return group === undefined ? 'not-observed' : classify(inputs, targetGroupResource(region.region, group));
    }
  }
}

/** Where the existing resource an update, delete or replace names stands; `owned` is the only yes. */
export function actionStanding(
  inputs: ScopeInputs,
  observed: ObservedAccount,
  action: Pick<PlanAction, 'type' | 'region' | 'resourceId'>,
): ActionStanding {
  const region = observed.regions.find((item) => item.region === action.region);
  if (region === undefined || action.resourceId === undefined) return 'not-observed';
  return standingIn(inputs, region, action);
}

