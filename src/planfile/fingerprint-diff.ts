/**
 * Names what changed between two fingerprints: "us-east-1: 3 sessions added (tms-1, tms-2, tms-3),
 * 1 instance changed (i-9)". Records keyed by id are named from the fingerprints alone; hashed keys are
 * named from `current`, the observed state the newer fingerprint was taken from, when it is given (a
 * record that disappeared is then counted but cannot be named).
 */
import type { ObservedAccount, ObservedRegion } from '../core/types/observed.js';
import { CATEGORIES, type CategorySpec } from './categories.js';
import { recordKey } from './fingerprint.js';
import type { CategoryFingerprint, ObservedFingerprint, RegionFingerprint } from './types.js';

const NAMED_IDS = 5;

/** key → record hash; keys that collide share one combined value. */
function decode(records: string): Map<string, string> {
  const entries = new Map<string, string>();
  if (records === '') return entries;
  for (const entry of records.split(',')) {
    const separator = entry.lastIndexOf(':');
    const key = entry.slice(0, separator);
    const hash = entry.slice(separator + 1);
    const previous = entries.get(key);
    entries.set(key, previous === undefined ? hash : `${previous}+${hash}`);
  }
  return entries;
}

type Namer = (keys: readonly string[]) => string[];

function namer(spec: CategorySpec, keyedBy: CategoryFingerprint['keyedBy'], region: ObservedRegion | undefined): Namer {
  if (keyedBy === 'id') return (keys) => [...keys];
  if (region === undefined) return () => [];
  const idsByKey = new Map<string, string[]>();
  for (const { id } of spec.records(region)) {
    const key = recordKey(keyedBy, id);
    const ids = idsByKey.get(key);
    if (ids === undefined) idsByKey.set(key, [id]);
    else ids.push(id);
  }
  return (keys) => keys.flatMap((key) => idsByKey.get(key) ?? []).sort();
}

function phrase(count: number, spec: CategorySpec, verb: string, ids: readonly string[]): string {
  const noun = count === 1 ? spec.singular : spec.plural;
  if (ids.length === 0) return `${count.toLocaleString('en-US')} ${noun} ${verb}`;
  const shown = ids.slice(0, NAMED_IDS).join(', ');
  const more = ids.length > NAMED_IDS ? ` and ${(ids.length - NAMED_IDS).toLocaleString('en-US')} more` : '';
  return `${count.toLocaleString('en-US')} ${noun} ${verb} (${shown}${more})`;
}

function compareCategory(
  spec: CategorySpec,
  saved: CategoryFingerprint,
  now: CategoryFingerprint,
  current: ObservedRegion | undefined,
): string[] {
  if (saved.digest === now.digest) return [];
  if (saved.keyedBy !== now.keyedBy) return [`${spec.plural} changed`];
  const before = decode(saved.records);
  const after = decode(now.records);
  const added = [...after.keys()].filter((key) => !before.has(key));
  const removed = [...before.keys()].filter((key) => !after.has(key));
  const changed = [...after].filter(([key, hash]) => before.has(key) && before.get(key) !== hash).map(([key]) => key);
  const names = namer(spec, now.keyedBy, current);
  const phrases: string[] = [];
  if (added.length > 0) phrases.push(phrase(added.length, spec, 'added', names(added)));
  if (removed.length > 0) phrases.push(phrase(removed.length, spec, 'removed', now.keyedBy === 'id' ? removed : []));
  if (changed.length > 0) phrases.push(phrase(changed.length, spec, 'changed', names(changed)));
  // The short record hashes can miss a change that the digest caught.
  return phrases.length > 0 ? phrases : [`${spec.plural} changed`];
}

function compareRegion(
  saved: RegionFingerprint,
  now: RegionFingerprint,
  current: ObservedRegion | undefined,
): string | undefined {
  const phrases = CATEGORIES.flatMap((spec) => {
    const before = saved.categories[spec.name];
    const after = now.categories[spec.name];
    return before === undefined || after === undefined ? [] : compareCategory(spec, before, after, current);
  });
  return phrases.length === 0 ? undefined : `${now.region}: ${phrases.join(', ')}`;
}

/**
 * Human differences between the fingerprint saved with a plan and a fresh one, one line per region;
 * [] when they match. Pass the observed state `now` was computed from to name changed instances and
 * network interfaces.
 */
export function compareFingerprints(
  saved: ObservedFingerprint,
  now: ObservedFingerprint,
  current?: ObservedAccount,
): string[] {
  const savedRegions = new Map(saved.regions.map((region) => [region.region, region]));
  const nowRegions = new Map(now.regions.map((region) => [region.region, region]));
  const names = [...new Set([...savedRegions.keys(), ...nowRegions.keys()])].sort();
  const differences: string[] = [];
  for (const name of names) {
    const before = savedRegions.get(name);
    const after = nowRegions.get(name);
    if (after === undefined) differences.push(`${name}: in the plan, but not discovered now`);
    else if (before === undefined) differences.push(`${name}: discovered now, but not in the plan`);
    else {
      const region = current?.regions.find((candidate) => candidate.region === name);
      const difference = compareRegion(before, after, region);
      if (difference !== undefined) differences.push(difference);
    }
  }
  return differences;
}
