/** The stable identity of a `vpcs` entry: it goes into session keys, so reordering entries changes nothing. */
import type { Tags } from '../core/types/policy.js';

function tagsKey(tags: Tags): string {
  const pairs = Object.keys(tags)
    .sort()
    .map((key) => `${key}=${tags[key] ?? ''}`);
  return `tags:${pairs.join(',')}`;
}

export function entryKey(entry: {
  readonly name?: string | undefined;
  readonly id?: string | undefined;
  readonly tags?: Tags | undefined;
}): string {
  return entry.name ?? entry.id ?? tagsKey(entry.tags ?? {});
}
