/**
 * Owned duplicates: several resources of one policy carrying the same `mirrorctl:key`. The planner deletes
 * the copies no session uses; an apply checks for them afterwards, because copies made by a concurrent or
 * interrupted run, or kept because something still uses them, mean the account has not converged.
 */
import { KEY_TAG } from './ownership.js';
import { classify, type ScopedResource } from './scope/index.js';
import type { Tags } from './types/policy.js';

export interface TaggedResource {
  readonly type: 'target' | 'filter' | 'session';
  readonly id: string;
  readonly tags: Tags;
  readonly ownerId?: string | undefined;
  /** Sessions only. */
  readonly networkInterfaceId?: string | undefined;
}

/** Whose duplicates: the policy, and the account whose resources it may own (others' copies are never ours). */
export interface DuplicateOwner {
  readonly policyName: string;
  readonly accountId?: string | undefined;
}

export interface OwnedDuplicate {
  readonly region: string;
  readonly type: TaggedResource['type'];
  readonly key: string;
  /** Sorted. */
  readonly ids: readonly string[];
}

export function ownedDuplicates(region: string, owner: DuplicateOwner, resources: readonly TaggedResource[]): OwnedDuplicate[] {
  const inputs = { ...owner, scope: { kind: 'account' } as const };
  const byKey = new Map<string, TaggedResource[]>();
  for (const resource of resources) {
    const key = resource.tags[KEY_TAG];
    if (key === undefined || classify(inputs, scoped(region, resource)) !== 'owned') continue;
    const group = `${resource.type}\0${key}`;
    byKey.set(group, [...(byKey.get(group) ?? []), resource]);
  }
  return [...byKey.values()]
    .filter((group) => group.length > 1)
    .map((group) => ({
      region,
      type: (group[0] as TaggedResource).type,
      key: (group[0] as TaggedResource).tags[KEY_TAG] as string,
      ids: group.map((resource) => resource.id).sort(),
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function scoped(region: string, resource: TaggedResource): ScopedResource {
  const common = { region, ownerId: resource.ownerId, tags: resource.tags };
  return resource.type === 'session'
    ? { type: 'session', networkInterfaceId: resource.networkInterfaceId ?? '', ...common }
    : { type: resource.type, ...common };
}
