/** Small deterministic helpers shared by the planner modules. */
import type { Tags } from '../types/policy.js';

/** Code-unit order: locale-independent, so plans are byte-identical on every machine. */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Discovery already sorts by id, so the usual cost is one scan. */
export function sortedById<T extends { readonly id: string }>(items: readonly T[]): readonly T[] {
  for (let position = 1; position < items.length; position += 1) {
    if ((items[position - 1] as T).id > (items[position] as T).id) return [...items].sort((a, b) => compareStrings(a.id, b.id));
  }
  return items;
}

export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

export function hasAllTags(tags: Tags, wanted: Tags): boolean {
  for (const [key, value] of Object.entries(wanted)) {
    if (tags[key] !== value) return false;
  }
  return true;
}

export function formatTags(tags: Tags): string {
  return Object.keys(tags)
    .sort(compareStrings)
    .map((key) => `${key}=${tags[key] ?? ''}`)
    .join(',');
}

/** "a, b, c and 4 more": keeps messages short when thousands of resources are involved. */
export function listSome(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
