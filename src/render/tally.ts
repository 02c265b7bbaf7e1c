import { formatCount } from './numbers.js';

/** Counts of distinct values, e.g. sessions per VPC. */
export type Tally = Map<string, number>;

export function addTo(tally: Tally, value: string): void {
  tally.set(value, (tally.get(value) ?? 0) + 1);
}

/** Largest first, then by name, so the summary is stable. */
function sortedTally(tally: Tally): [string, number][] {
  return [...tally].sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0));
}

export interface TallyFormat {
  readonly limit: number;
  readonly separator?: string;
  readonly entry?: (value: string, count: string) => string;
}

/** "vpc-1: 3,000, vpc-2: 2,000, … 4 more" */
export function formatTally(tally: Tally, format: TallyFormat): string {
  const entry = format.entry ?? ((value, count) => `${value}: ${count}`);
  const entries = sortedTally(tally);
  const shown = entries.slice(0, format.limit).map(([value, count]) => entry(value, formatCount(count)));
  const hidden = entries.length - shown.length;
  if (hidden > 0) shown.push(`… ${formatCount(hidden)} more`);
  return shown.join(format.separator ?? ', ');
}
