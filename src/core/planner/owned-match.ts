/** Picking which of several owned resources sharing one key survives, and naming the ones that do not. */
import { compareStrings } from './util.js';

export interface OwnedMatch<T> {
  readonly primary: T | undefined;
  readonly duplicates: readonly T[];
}

/** Keep the copy that already matches the policy (so nothing is replaced), else the lowest id. */
export function pickPrimary<T extends { readonly id: string }>(
  candidates: readonly T[],
  matches: (item: T) => boolean,
): OwnedMatch<T> {
  const primary = candidates.find(matches) ?? candidates[0];
  return { primary, duplicates: candidates.filter((item) => item !== primary) };
}

/** Owned keys with no desired counterpart, in key order. */
export function orphanKeys<T>(byKey: ReadonlyMap<string, readonly T[]>, desired: ReadonlySet<string>): string[] {
  return [...byKey.keys()].filter((key) => !desired.has(key)).sort(compareStrings);
}
