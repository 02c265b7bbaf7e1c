/**
 * What another tool made and how to recognise it: Vectra's session mirroring tool by its markers, any other
 * tool by the session tags the policy's `adopt` names. Recognising is not adopting: only what `adopt` allows
 * is ever taken over (classify.ts), and a run may then tag and modify it, never delete it.
 */
import type { AdoptRules, Tags } from '../types/policy.js';
import type { ScopedResource } from './types.js';

/** Markers of Vectra's "AWS Traffic Mirroring Session Manager", the tool mirrorctl replaces. */
export const VECTRA_CREATOR = { key: 'Creator', value: 'Vectra:Tap' } as const;
export const VECTRA_TARGET_DESCRIPTION = 'VectraTrafficMirror';
export const VECTRA_FILTER_DESCRIPTION = 'Vectra Full Traffic + DNS Filter';

/** Which `adopt` rule covers a resource: Vectra's markers, or the policy's session tags. */
export type AdoptionRule = 'vectra' | 'sessions.tags';

export function isVectraMade(resource: Pick<ScopedResource, 'type' | 'description' | 'tags'>): boolean {
  if (resource.tags[VECTRA_CREATOR.key] === VECTRA_CREATOR.value) return true;
  if (resource.type === 'target') return resource.description === VECTRA_TARGET_DESCRIPTION;
  if (resource.type === 'filter') return resource.description === VECTRA_FILTER_DESCRIPTION;
  return false;
}

function matchesSessionTags(adopt: AdoptRules | undefined, resource: Pick<ScopedResource, 'type' | 'tags'>): boolean {
  const wanted = adopt?.sessionTags;
  if (resource.type !== 'session' || wanted === undefined || Object.keys(wanted).length === 0) return false;
  return Object.entries(wanted).every(([key, value]) => resource.tags[key] === value);
}

/** Made by a tool mirrorctl knows how to take over from, whether or not the policy lets it. */
export const isRecognised = (adopt: AdoptRules | undefined, resource: ScopedResource): boolean =>
  isVectraMade(resource) || matchesSessionTags(adopt, resource);

/**
 * The rule that lets the policy take this resource over, if any. Targets are never adopted: the policy
 * references a target it did not make by id, and a rollback to the other tool keeps it as it was.
 */
export function adoptionRule(adopt: AdoptRules | undefined, resource: ScopedResource): AdoptionRule | undefined {
  if (resource.type === 'target' || adopt === undefined) return undefined;
  if (adopt.vectra && isVectraMade(resource)) return 'vectra';
  if (matchesSessionTags(adopt, resource)) return 'sessions.tags';
  return undefined;
}

/**
 * The tags by which the other tool knows its resources: kept on adoption so a rollback to it still works,
 * removed by `--cleanup-legacy-tags` (after which the other tool ignores them).
 */
export function legacyTagKeys(adopt: AdoptRules | undefined, tags: Tags): string[] {
  const keys = new Set<string>();
  if (tags[VECTRA_CREATOR.key] === VECTRA_CREATOR.value) keys.add(VECTRA_CREATOR.key);
  for (const key of Object.keys(adopt?.sessionTags ?? {})) {
    if (tags[key] !== undefined && tags[key] === adopt?.sessionTags?.[key]) keys.add(key);
  }
  return [...keys].sort();
}
