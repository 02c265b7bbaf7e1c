/** Picking which of several owned resources sharing one key survives, and naming the ones that do not. */
import { compareStrings } from './util.js';

export interface OwnedMatch<T> {
  readonly primary: T | undefined;
  readonly duplicates: readonly T[];
}

/**
 * Keep a copy that already matches the policy (so nothing is replaced) and, among those, the one most sessions
 * use: copies left by an interrupted or concurrent run are usually identical, and keeping the one in use
 * deletes the idle copy instead of re-pointing every session to another. Ties go to the lowest id
 * (`candidates` come sorted by id), so the choice is deterministic.
 */
export function pickPrimary<T extends { readonly id: string }>(
  candidates: readonly T[],
  matches: (item: T) => boolean,
  uses: (item: T) => number,
): OwnedMatch<T> {
  const matching = candidates.filter(matches);
  const primary = mostUsed(matching.length > 0 ? matching : candidates, uses);
  return { primary, duplicates: candidates.filter((item) => item !== primary) };
}

function mostUsed<T>(items: readonly T[], uses: (item: T) => number): T | undefined {
  let best: T | undefined;
  let bestUses = -1;
  for (const item of items) {
    const count = uses(item);
    if (count > bestUses) [best, bestUses] = [item, count];
  }
  return best;
}

/** Owned keys with no desired counterpart, in key order. */
export function orphanKeys<T>(byKey: ReadonlyMap<string, readonly T[]>, desired: ReadonlySet<string>): string[] {
  return [...byKey.keys()].filter((key) => !desired.has(key)).sort(compareStrings);
}
