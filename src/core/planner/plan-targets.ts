/**
 * Targets in one region: create the policy's targets, replace those whose definition changed (AWS has no
 * ModifyTrafficMirrorTarget), delete owned ones the policy no longer creates here. `existing` targets are
 * only referenced, never touched, even when this policy's tags are on them; so are the owned targets the
 * run's scope does not let it change (a run scoped to some interfaces shares them with the others).
 */
import { change, createAction, deleteAction, replaceAction, sameText } from './actions.js';
import type { RegionIndex } from './observed-index.js';
import { targetAsDesired } from './observed-shapes.js';
import { orphanKeys, pickPrimary } from './owned-match.js';
import type { ResolvedTarget } from './resolve-targets.js';
import type { AttributeChange, DesiredTarget, PlanAction, ResourceRef } from '../types/plan.js';
import type { ObservedTarget } from '../types/observed.js';
import type { Policy } from '../types/policy.js';

export interface ResourcesPlan {
  /** Reference to use for each desired key: with an id when the resource exists and survives. */
  readonly refs: ReadonlyMap<string, ResourceRef>;
  readonly actions: readonly PlanAction[];
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
  const name = key.slice('target/'.length);
  const target = resolved.get(name);
  if (target === undefined) return `target ${name} is no longer in the policy`;
  if (target.existingId !== undefined) return `target ${name} now references the existing target ${target.existingId}`;
  if (target.unavailable !== undefined) return `target ${name} cannot be placed: ${target.unavailable}`;
  if (target.region !== region) return `target ${name} now belongs in ${target.region ?? 'another region'}`;
  return `target ${name} is no longer created by policy ${policy.name} in ${region}`;
}

export function planTargets(
  policy: Policy,
  index: RegionIndex,
  resolved: ReadonlyMap<string, ResolvedTarget>,
  blockedReplacements: ReadonlySet<string>,
): ResourcesPlan {
  const region = index.region;
  const refs = new Map<string, ResourceRef>();
  const actions: PlanAction[] = [];
  const parts = (key: string, reason: string) => ({ region, type: 'target' as const, key, reason });
  const desiredKeys = new Set<string>();
  const referencedIds = new Set<string>();

  for (const target of resolved.values()) {
    if (target.existingId !== undefined) referencedIds.add(target.existingId);
    if (target.desired === undefined || target.region !== region || target.unavailable !== undefined) continue;
    const desired = target.desired;
    desiredKeys.add(target.key);
    const { primary, duplicates } = pickPrimary(
      index.ownedTargets.byKey.get(target.key) ?? [],
      (observed) => targetChanges(desired, observed).length === 0,
      (observed) => index.sessionsByTarget.get(observed.id)?.length ?? 0,
    );
    for (const duplicate of duplicates) {
      if (!index.scope.mayChangeTarget(duplicate)) continue;
      const reason = `duplicate of ${primary?.id ?? 'another target'} (same key)`;
      actions.push(deleteAction(parts(target.key, reason), duplicate.id, targetAsDesired(duplicate), true));
    }
    if (primary === undefined) {
      refs.set(target.key, { key: target.key });
      actions.push(createAction(parts(target.key, `target ${target.name} is in the policy`), desired));
      continue;
    }
    const changes = targetChanges(desired, primary);
    if (changes.length === 0 || blockedReplacements.has(target.key) || !index.scope.mayChangeTarget(primary)) {
      refs.set(target.key, { key: target.key, id: primary.id });
      continue;
    }
    refs.set(target.key, { key: target.key });
    const attributes = changes.map((item) => item.attribute).join(', ');
    const reason = `AWS cannot change a target's ${attributes} in place`;
    actions.push(replaceAction(parts(target.key, reason), primary.id, targetAsDesired(primary), desired, changes));
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
  return { refs, actions };
}
