/**
 * The executor's question before an update or delete: does the resource the action names stand `owned` in
 * what this run's discovery observed? A plan is only data (it may come from a file edited by hand), so the
 * answer comes from the observed account, never from the plan's own `before`.
 */
import { parseRegistrationId } from '../keys.js';
import type { ObservedAccount, ObservedRegion } from '../types/observed.js';
import type { PlanAction } from '../types/plan.js';
import { filterResource, loadBalancerResource, sessionResource, targetGroupResource, targetResource } from './region-scope.js';
import { adoption, classify } from './classify.js';
import type { ScopedResource, ScopeInputs, Standing } from './types.js';

export type ActionStanding = Standing | 'not-observed';

/** Another tool's resource that the policy's `adopt` does not name (or a target, which is never adopted). */
export type AdoptStanding = ActionStanding | 'not-adoptable';

function resourceIn(region: ObservedRegion, action: Pick<PlanAction, 'type' | 'resourceId'>): ScopedResource | undefined {
  const id = action.resourceId;
  switch (action.type) {
    case 'session': {
      const session = region.sessions.find((item) => item.id === id);
      return session === undefined ? undefined : sessionResource(region.region, session);
    }
    case 'target': {
      const target = region.targets.find((item) => item.id === id);
      return target === undefined ? undefined : targetResource(region.region, target);
    }
    case 'filter': {
      const filter = region.filters.find((item) => item.id === id);
      return filter === undefined ? undefined : filterResource(region.region, filter);
    }
    case 'filter-rule': {
      const filter = region.filters.find((item) => item.rules.some((rule) => rule.id === id));
      return filter === undefined ? undefined : filterResource(region.region, filter);
    }
    case 'load-balancer': {
      const lb = region.managedLoadBalancers?.find((item) => item.arn === id);
      return lb === undefined ? undefined : loadBalancerResource(region.region, lb);
    }
    case 'target-group': {
      const group = region.managedTargetGroups?.find((item) => item.arn === id);
      return group === undefined ? undefined : targetGroupResource(region.region, group);
    }
    case 'listener': {
      // A listener is its load balancer's.
      const lb = region.managedLoadBalancers?.find((item) => item.listeners.some((listener) => listener.arn === id));
      return lb === undefined ? undefined : loadBalancerResource(region.region, lb);
    }
    case 'target-registration': {
      // A registration is its target group's: `<group ARN>|<target id>`.
      const groupArn = id === undefined ? undefined : parseRegistrationId(id).targetGroupArn;
      const group = region.managedTargetGroups?.find((item) => item.arn === groupArn);
      return group === undefined ? undefined : targetGroupResource(region.region, group);
    }
  }
}

function observedResource(
  observed: ObservedAccount,
  action: Pick<PlanAction, 'type' | 'region' | 'resourceId'>,
): ScopedResource | undefined {
  const region = observed.regions.find((item) => item.region === action.region);
  if (region === undefined || action.resourceId === undefined) return undefined;
  return resourceIn(region, action);
}

/** Where the existing resource an update, delete or replace names stands; `owned` is the only yes. */
export function actionStanding(
  inputs: ScopeInputs,
  observed: ObservedAccount,
  action: Pick<PlanAction, 'type' | 'region' | 'resourceId'>,
): ActionStanding {
  const resource = observedResource(observed, action);
  return resource === undefined ? 'not-observed' : classify(inputs, resource);
}

/**
 * Where the resource an adopt names stands: `adoptable` is the only yes, and only when the policy's `adopt`
 * names it (its own resources are never adopted: they need no adoption).
 */
export function adoptStanding(
  inputs: ScopeInputs,
  observed: ObservedAccount,
  action: Pick<PlanAction, 'type' | 'region' | 'resourceId'>,
): AdoptStanding {
  const resource = observedResource(observed, action);
  if (resource === undefined) return 'not-observed';
  const standing = classify(inputs, resource);
  if (standing !== 'adoptable') return standing;
  return adoption(inputs, resource) === undefined ? 'not-adoptable' : 'adoptable';
}

