/**
 * Where two JSON values differ, as dotted paths ("after.target.id"), so a reviewer sees the one attribute
 * that moved instead of two whole actions to compare by eye. `undefined` members count as absent.
 */
import { canonicalJson } from './canonical-json.js';

export interface ValueDifference {
  readonly path: string;
  /** Undefined when absent on that side. */
  readonly approved: unknown;
  readonly now: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const join = (path: string, member: string | number): string =>
  typeof member === 'number' ? `${path}[${member}]` : path === '' ? member : `${path}.${member}`;

export function valueDifferences(approved: unknown, now: unknown, path = ''): ValueDifference[] {
  if (canonicalJson(approved) === canonicalJson(now)) return [];
  if (isRecord(approved) && isRecord(now)) {
    const members = [...new Set([...Object.keys(approved), ...Object.keys(now)])].sort();
    return members.flatMap((member) => valueDifferences(approved[member], now[member], join(path, member)));
  }
  // Arrays of equal length differ element by element; otherwise the whole array is the difference.
  if (Array.isArray(approved) && Array.isArray(now) && approved.length === now.length) {
    return approved.flatMap((element, index) => valueDifferences(element, now[index], join(path, index)));
  }
  return [{ path: path === '' ? '(value)' : path, approved, now }];
}
