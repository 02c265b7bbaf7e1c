/**
 * Targets in one region: create the policy's targets, replace those whose resource changed (AWS has no
 * ModifyTrafficMirrorTarget), delete owned ones the policy no longer creates here. `existing` targets, and
 * targets someone else already has on a policy target's resource, are only referenced, never touched, even
 * when this policy's tags are on them; so are the owned targets the run's scope does not let it change (a run
 * scoped to some interfaces shares them with the others).
 *
 * AWS holds one target per NLB and per interface, so the new target of a make-before-break replacement
 * cannot sit on the old one's resource: a target whose description alone differs is kept, with a warning,
 * and an owned target already on the resource under another key (a renamed policy target) is taken over by
 * changing its key tag rather than created again.
 */
import { change, createAction, deleteAction, replaceAction, sameText, updateAction } from './actions.js';
import type { RegionIndex } from './observed-index.js';
import { targetAsDesired } from './observed-shapes.js';
import { orphanKeys, pickPrimary } from './owned-match.js';
import type { ResolvedTarget } from './resolve-targets.js';
import { describeTargetResource, targetResourceKey } from './target-resource.js';
import type { AttributeChange, DesiredTarget, PlanAction, PlanWarning, ResourceRef } from '../types/plan.js';
import type { ObservedTarget } from '../types/observed.js';
import type { Policy } from '../types/policy.js';

export interface ResourcesPlan {
  /** Reference to use for each desired key: with an id when the resource exists and survives. */
  readonly refs: ReadonlyMap<string, ResourceRef>;
  readonly actions: readonly PlanAction[];
  /** What is kept as it is although the policy says otherwise, and why. */
  readonly warnings?: readonly PlanWarning[];
}

interface DesiredHere {
  readonly name: string;
  readonly key: string;
  readonly desired: DesiredTarget;
}

function targetChanges(desired: DesiredTarget, observed: ObservedTarget): AttributeChange[] {
  const changes: AttributeChange[] = [];
  const compare = (attribute: string, before: string | undefined, after: string | undefined): void => {
    if (!sameText(before, after)) changes.push(change(attribute, before, after, true));
  };
  compare('networkInterfaceId', observed.networkInterfaceId, desired.networkInterfaceId);
  compare('networkLoadBalancerArn', observed.networkLoadBalancerArn, desired.networkLoadBalancerArn);
  compare('gatewayLoadBalancerEndpointId', observed.gatewayLoadBalancerEndpointId, desired.gatewayLoadBalancerEndpointId);
  compare('description', observed.description, desired.description);
  return changes;
}

function orphanReason(policy: Policy, key: string, region: string, resolved: ReadonlyMap<string, ResolvedTarget>): string {
  // A pool member's key is `target/<pool>/<interface>`.
  const [name = '', member] = key.slice('target/'.length).split('/');
  const target = resolved.get(name);
  if (target === undefined) return `target ${name} is no longer in the policy`;
  if (member !== undefined && target.members !== undefined && target.region === region) {
    return `interface ${member} is no longer a member of pool ${name}`;
  }
  if (member === undefined && target.members !== undefined) return `target ${name} is now a pool of interfaces`;
  if (target.existingId !== undefined) return `target ${name} now references the existing target ${target.existingId}`;
  if (target.unavailable !== undefined) return `target ${name} cannot be placed: ${target.unavailable}`;
  if (target.region !== region) return `target ${name} now belongs in ${target.region ?? 'another region'}`;
  return `target ${name} is no longer created by policy ${policy.name} in ${region}`;
}

/**
 * Desired key → the owned target it takes over: one already on its resource but kept under another key (or
 * none), when the key has no owned target there itself. Each owned target goes to one key at most.
 */
function takeovers(index: RegionIndex, wanted: readonly DesiredHere[]): Map<string, ObservedTarget> {
  const taken = new Map<string, ObservedTarget>();
  const takenIds = new Set<string>();
  for (const target of wanted) {
    const resource = targetResourceKey(target.desired);
    if (resource === undefined) continue;
    const ours = (index.targetsByResource.get(resource) ?? []).filter((item) => index.scope.ours(item));
    const ownKey = index.ownedTargets.byKey.get(target.key) ?? [];
    if (ours.some((item) => ownKey.includes(item))) continue;
    const free = ours.find((item) => !takenIds.has(item.id));
    if (free === undefined) continue;
    taken.set(target.key, free);
    takenIds.add(free.id);
  }
  return taken;
}

function descriptionKept(region: string, target: DesiredHere, observed: ObservedTarget): PlanWarning {
  return {
    code: 'target-description-differs',
    region,
    message:
      `target ${target.name} (${observed.id}) is described "${observed.description ?? ''}", the policy says ` +
      `"${target.desired.description}"; AWS cannot change a target's description in place, and replacing it would ` +
      `interrupt mirroring (AWS allows one target per NLB or interface, so no new one can be made beside it): ` +
      'it is kept as it is',
  };
}

/** The owned target keeps every tag it has; only its key (and policy) tags become the desired key's. */
function takeoverAction(index: RegionIndex, target: DesiredHere, observed: ObservedTarget): PlanAction {
  const before = targetAsDesired(observed);
  const after: DesiredTarget = { ...before, tags: { ...observed.tags, ...target.desired.tags } };
  const origin = index.scope.targetOrigin(observed);
  const was = origin.kind === 'owned' && origin.key !== undefined ? `kept under ${origin.key}` : 'kept without a key';
  const reason =
    `${observed.id} on ${describeTargetResource(observed)} is this policy's, ${was}; AWS allows one target ` +
    `there, so target ${target.name} takes it over`;
  const parts = { region: index.region, type: 'target' as const, key: target.key, reason };
  return updateAction(parts, observed.id, before, after, [change('tags', before.tags, after.tags)]);
}

/** Whether `observed` would have to be replaced to be `desired` (a description alone is kept, see descriptionKept). */
const moves = (desired: DesiredTarget, observed: ObservedTarget): boolean =>
  targetChanges(desired, observed).some((item) => item.attribute !== 'description');

export function planTargets(
  policy: Policy,
  index: RegionIndex,
  resolved: ReadonlyMap<string, ResolvedTarget>,
  blockedReplacements: ReadonlySet<string>,
  managed: ReadonlyMap<string, DesiredTarget> = new Map(),
): ResourcesPlan {
  const region = index.region;
  const refs = new Map<string, ResourceRef>();
  const actions: PlanAction[] = [];
  const warnings: PlanWarning[] = [];
  const parts = (key: string, reason: string) => ({ region, type: 'target' as const, key, reason });
  const desiredKeys = new Set<string>();
  const referencedIds = new Set<string>();

  const wanted: DesiredHere[] = [];
  for (const target of resolved.values()) {
    if (target.existingId !== undefined) referencedIds.add(target.existingId);
    if (target.region === region && target.unavailable === undefined) {
      for (const member of target.members ?? []) wanted.push({ name: target.name, key: member.key, desired: member.desired });
    }
    if (target.desired === undefined || target.region !== region || target.unavailable !== undefined) continue;
    // A managed load balancer's target is on the load balancer the region's plan keeps or makes.
    wanted.push({ name: target.name, key: target.key, desired: managed.get(target.name) ?? target.desired });
  }
  const taken = takeovers(index, wanted);
  for (const observed of taken.values()) referencedIds.add(observed.id);

  for (const target of wanted) {
    const { desired, key } = target;
    desiredKeys.add(key);
    // A target of this key that the policy also names by id (shared with other accounts, which can only name it
    // so) is still this key's when it is as desired; it is never deleted or replaced, as anything named by id.
    const owned = index.ownedTargets.byKey.get(key) ?? [];
    const candidates = owned.filter((item) => !referencedIds.has(item.id) || !moves(desired, item));
    const takeover = taken.get(key);
    const resource = targetResourceKey(desired);
    const here = candidates.filter((item) => targetResourceKey(item) === resource);
    const { primary } =
      takeover !== undefined
        ? { primary: takeover }
        : pickPrimary(
            here.length > 0 ? here : candidates,
            (observed) => targetChanges(desired, observed).length === 0,
            (observed) => index.sessionsByTarget.get(observed.id)?.length ?? 0,
          );
    const replaced =
      takeover === undefined
        ? `duplicate of ${primary?.id ?? 'another target'} (same key)`
        : `target ${target.name} now uses ${takeover.id}, already on its ${describeTargetResource(takeover)}`;
    for (const duplicate of candidates) {
      if (duplicate === primary || referencedIds.has(duplicate.id) || !index.scope.mayChangeTarget(duplicate)) continue;
      actions.push(deleteAction(parts(key, replaced), duplicate.id, targetAsDesired(duplicate), true));
    }
    if (primary === undefined) {
      refs.set(key, { key });
      actions.push(createAction(parts(key, `target ${target.name} is in the policy`), desired));
      continue;
    }
    const mayChange = index.scope.mayChangeTarget(primary);
    const changes = targetChanges(desired, primary);
    const moved = changes.some((item) => item.attribute !== 'description');
    if (takeover !== undefined && mayChange) actions.push(takeoverAction(index, target, primary));
    if (!moved || blockedReplacements.has(key) || !mayChange) {
      refs.set(key, { key, id: primary.id });
      if (mayChange && !moved && changes.length > 0) warnings.push(descriptionKept(region, target, primary));
      continue;
    }
    refs.set(key, { key });
    const attributes = changes.map((item) => item.attribute).join(', ');
    const reason =
      desired.loadBalancer !== undefined && desired.loadBalancer.id === undefined
        ? `its load balancer is replaced, and AWS cannot move a target to another (${attributes})`
        : `AWS cannot change a target's ${attributes} in place`;
    actions.push(replaceAction(parts(key, reason), primary.id, targetAsDesired(primary), desired, changes));
  }

  for (const key of orphanKeys(index.ownedTargets.byKey, desiredKeys)) {
    const reason = orphanReason(policy, key, region, resolved);
    for (const [position, observed] of (index.ownedTargets.byKey.get(key) ?? []).entries()) {
      if (referencedIds.has(observed.id) || !index.scope.mayChangeTarget(observed)) continue;
      actions.push(deleteAction(parts(key, reason), observed.id, targetAsDesired(observed), position > 0));
    }
  }
  for (const stray of index.ownedTargets.strays) {
    if (referencedIds.has(stray.id) || !index.scope.mayChangeTarget(stray)) continue;
    const reason = `owned by policy ${policy.name} but its mirrorctl:key tag is missing or not a target key`;
    actions.push(deleteAction(parts(stray.id, reason), stray.id, targetAsDesired(stray)));
  }
  return { refs, actions, warnings };
}
