/**
 * The scope bound to one observed region, in the shapes the planner holds: the planner asks it, never the
 * tags, whether a resource is one it may use as its own and whether it may change it.
 */
import type {
  ObservedFilter,
  ObservedManagedLoadBalancer,
  ObservedManagedTargetGroup,
  ObservedSession,
  ObservedTarget,
} from '../types/observed.js';
import type { AdoptionRule } from './adoption.js';
import { adoption, classify, inScope, isOtherAccount, origin, tagStanding } from './classify.js';
import type { Origin, ScopeInputs, ScopedResource, Standing } from './types.js';

export interface RegionScope {
  readonly region: string;
  readonly policyName: string;
  session(session: ObservedSession): Standing;
  target(target: ObservedTarget): Standing;
  filter(filter: ObservedFilter): Standing;
  /** Who made this target, in or out of the run's scope: for plans that use a target they do not own. */
  targetOrigin(target: ObservedTarget): Origin;
  /**
   * This policy's and this account's, in the run's scope or not: a scoped run still sends new sessions to
   * the policy's target and filter, which it may not change.
   */
  ours(resource: ObservedSession | ObservedTarget | ObservedFilter | ObservedManagedLoadBalancer | ObservedManagedTargetGroup): boolean;
  /** Whether the run is about this interface's sessions: it plans no session elsewhere. */
  coversInterface(networkInterfaceId: string): boolean;
  /** Ours, in scope and not held (see `holdingSessions`): the only resources this run may update or delete. */
  mayChangeSession(session: ObservedSession): boolean;
  mayChangeTarget(target: ObservedTarget): boolean;
  mayChangeFilter(filter: ObservedFilter): boolean;
  /**
   * The `adopt` rule under which the run may take this other tool's session or filter over (tag it, modify
   * it in place), if any; never for what it may not touch otherwise (another account's, out of scope).
   */
  sessionAdoption(session: ObservedSession): AdoptionRule | undefined;
  filterAdoption(filter: ObservedFilter): AdoptionRule | undefined;
  /** ELBv2 resources of a managed target (their listeners and registrations stand with them). */
  loadBalancer(lb: ObservedManagedLoadBalancer): Standing;
  targetGroup(group: ObservedManagedTargetGroup): Standing;
  mayChangeLoadBalancer(lb: ObservedManagedLoadBalancer): boolean;
  mayChangeTargetGroup(group: ObservedManagedTargetGroup): boolean;
}

export const sessionResource = (region: string, session: ObservedSession): ScopedResource => ({
  type: 'session',
  region,
  networkInterfaceId: session.networkInterfaceId,
  ownerId: session.ownerId,
  description: session.description,
  tags: session.tags,
});

export const targetResource = (region: string, target: ObservedTarget): ScopedResource => ({
  type: 'target',
  region,
  ownerId: target.ownerId,
  description: target.description,
  tags: target.tags,
});

/** Filters cannot be shared across accounts (RAM shares targets only), so they carry no owner. */
export const filterResource = (region: string, filter: ObservedFilter): ScopedResource => ({
  type: 'filter',
  region,
  description: filter.description,
  tags: filter.tags,
});

/** ELBv2 resources live in the planned account (ARNs name it), so they carry no owner of their own. */
export const loadBalancerResource = (region: string, lb: ObservedManagedLoadBalancer): ScopedResource => ({
  type: 'load-balancer',
  region,
  tags: lb.tags,
});

export const targetGroupResource = (region: string, group: ObservedManagedTargetGroup): ScopedResource => ({
  type: 'target-group',
  region,
  tags: group.tags,
});

export function regionScope(inputs: ScopeInputs, region: string): RegionScope {
  const session = (item: ObservedSession): Standing => classify(inputs, sessionResource(region, item));
  const target = (item: ObservedTarget): Standing => classify(inputs, targetResource(region, item));
  const filter = (item: ObservedFilter): Standing => classify(inputs, filterResource(region, item));
  const loadBalancer = (item: ObservedManagedLoadBalancer): Standing => classify(inputs, loadBalancerResource(region, item));
  const targetGroup = (item: ObservedManagedTargetGroup): Standing => classify(inputs, targetGroupResource(region, item));
  return {
    region,
    policyName: inputs.policyName,
    session,
    target,
    filter,
    targetOrigin: (item) => origin(inputs, targetResource(region, item)),
    coversInterface: (networkInterfaceId) =>
      inScope(inputs.scope, { type: 'session', region, networkInterfaceId, tags: {} }),
    ours: (item) => !isOtherAccount(inputs, 'ownerId' in item ? item : { tags: item.tags }) && tagStanding(item.tags, inputs.policyName) === 'owned',
    mayChangeSession: (item) => session(item) === 'owned',
    mayChangeTarget: (item) => target(item) === 'owned',
    mayChangeFilter: (item) => filter(item) === 'owned',
    sessionAdoption: (item) => adoption(inputs, sessionResource(region, item)),
    filterAdoption: (item) => adoption(inputs, filterResource(region, item)),
    loadBalancer,
    targetGroup,
    mayChangeLoadBalancer: (item) => loadBalancer(item) === 'owned',
    mayChangeTargetGroup: (item) => targetGroup(item) === 'owned',
  };
}

/**
 * The same scope, except that the owned sessions `held` picks are kept exactly as they are. The planner holds
 * the sessions of a vpcs entry that matches nothing rather than delete them on the word of a policy that
 * selects nothing (planner/empty-entries.ts). Like sessions outside the run's scope, they keep their slot and
 * number on their interface and keep their target and filter in use.
 */
export function holdingSessions(scope: RegionScope, held: (session: ObservedSession) => boolean): RegionScope {
  return { ...scope, mayChangeSession: (item) => scope.mayChangeSession(item) && !held(item) };
}
