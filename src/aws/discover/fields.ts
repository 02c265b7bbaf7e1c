/**
 * Small helpers for mapping SDK shapes, where every field is optional, to the observed types, where absent
 * stays absent (exactOptionalPropertyTypes) and a missing identifier means EC2 sent a broken page.
 */
import type { Tag } from '@aws-sdk/client-ec2';
import type { Tags } from '../../core/types/policy.js';

/** Thrown by the mappers; the page reader names the region and action when it reports it. */
export class IncompleteResponse extends Error {
  override readonly name = 'IncompleteResponse';

  constructor(readonly field: string) {
    super(`${field} is missing`);
  }
}

export function required<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new IncompleteResponse(field);
  return value;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], field: string): T {
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw new IncompleteResponse(`${field} (got ${JSON.stringify(value)})`);
  return found;
}

/** `{ [key]: value }` when the value is present, else `{}`, ready to spread. */
export function present<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Partial<Record<K, V>>);
}

/**
 * Keys in sorted order, so serialised observations (and fingerprints of them) are deterministic. Values are
 * shared: a policy's or a team's tag repeats on thousands of resources.
 */
export function tagRecord(tags: readonly Tag[] | undefined): Tags {
  const record: Record<string, string> = {};
  const keyed = (tags ?? []).filter((tag): tag is Tag & { Key: string } => tag.Key !== undefined);
  for (const tag of keyed.sort((a, b) => compare(a.Key, b.Key))) record[tag.Key] = shared(tag.Value ?? '');
  return record;
}

/**
 * Past this many distinct values the table starts again: values that never repeat (a session's key tag, an
 * instance's Name) must not pile up in a process that discovers for hours (the healer).
 */
export const MAX_SHARED_VALUES = 65_536;
const sharedValues = new Map<string, string>();

/**
 * One copy of a value that repeats across a region's items: the VPC, subnet and zone of every instance and
 * interface, the target and filter of every session, their tag values. The SDK's XML parser makes a new string
 * for every element it reads, so without this the observed account holds as many copies as items; at 100,000
 * interfaces the copies were a third of its heap, and the heap's high-water mark during discovery grows with
 * what is held (docs/performance.md, "Where the memory goes").
 */
export function shared<T extends string | undefined>(value: T): T {
  if (value === undefined) return value;
  const known = sharedValues.get(value);
  if (known !== undefined) return known as T;
  if (sharedValues.size >= MAX_SHARED_VALUES) sharedValues.clear();
  sharedValues.set(value, value);
  return value;
}

export function byId<T extends { readonly id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compare(a.id, b.id));
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
