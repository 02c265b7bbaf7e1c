/** What each vpcs entry can point its sessions at in one region. */
import type { ResourceRef } from '../types/plan.js';
import type { PolicyVpcEntry } from '../types/policy.js';
import type { PlanContext } from './context.js';

export type EntryTarget =
  /** `identity` tells two entries aimed at the same target apart from two aimed at different ones. */
  | { readonly usable: true; readonly name: string; readonly ref: ResourceRef; readonly identity: string }
  | { readonly usable: false; readonly name: string; readonly detail: string; readonly crossRegion: boolean };

export function entryTarget(
  ctx: PlanContext,
  region: string,
  entry: PolicyVpcEntry,
  targetRefs: ReadonlyMap<string, ResourceRef>,
): EntryTarget {
  const name = entry.target;
  const target = ctx.targets.get(name);
  if (target === undefined) {
    return { usable: false, name, detail: `target ${name} is not defined in the policy`, crossRegion: false };
  }
  if (target.unavailable !== undefined) {
    return { usable: false, name, detail: target.unavailable, crossRegion: false };
  }
  if (target.region !== region) {
    return {
      usable: false,
      name,
      detail: `target ${name} is in ${target.region ?? 'another region'}; sessions cannot cross regions`,
      crossRegion: true,
    };
  }
  if (target.members !== undefined) {
    // A pool: each session gets its member once every interface of the region is known (pools/assign.ts).
    return { usable: true, name, ref: { key: target.key }, identity: `pool ${target.key}` };
  }
  if (target.existingId !== undefined) {
    return { usable: true, name, ref: { key: target.key, id: target.existingId }, identity: target.existingId };
  }
  const ref = targetRefs.get(target.key) ?? { key: target.key };
  return { usable: true, name, ref, identity: ref.id ?? target.key };
}
