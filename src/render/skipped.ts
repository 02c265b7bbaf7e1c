/** Skipped interfaces grouped by reason: the biggest reason first, members in plan order. */
import type { SkippedInterface, SkipReason } from '../core/types/plan.js';
import { generalReason } from './reasons.js';

export interface SkipGroup {
  readonly reason: SkipReason;
  readonly items: readonly SkippedInterface[];
}

export function groupSkipped(skipped: readonly SkippedInterface[]): SkipGroup[] {
  const byReason = new Map<SkipReason, SkippedInterface[]>();
  for (const item of skipped) {
    const items = byReason.get(item.reason);
    if (items === undefined) byReason.set(item.reason, [item]);
    else items.push(item);
  }
  return [...byReason]
    .map(([reason, items]) => ({ reason, items }))
    .sort((a, b) => b.items.length - a.items.length || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
}

/** "eni-1 (i-1, us-east-1)" */
export function describeWhere(item: SkippedInterface): string {
  const where = item.instanceId === undefined ? item.region : `${item.instanceId}, ${item.region}`;
  return `${item.networkInterfaceId} (${where})`;
}

/** "eni-1 (i-1, us-east-1): t2.micro is not a supported source type" */
export function describeSkipped(item: SkippedInterface): string {
  return `${describeWhere(item)}: ${item.detail}`;
}

export interface SkipCause {
  /** The detail without the interface's and instance's ids: the same for every member. */
  readonly cause: string;
  readonly count: number;
  readonly example: SkippedInterface;
}

/** A reason's members by cause, the most common first: "449 interfaces: instance is excluded by tag …". */
export function causesOf(items: readonly SkippedInterface[]): SkipCause[] {
  const byCause = new Map<string, { count: number; example: SkippedInterface }>();
  for (const item of items) {
    const cause = generalReason(item.detail);
    const known = byCause.get(cause);
    if (known === undefined) byCause.set(cause, { count: 1, example: item });
    else known.count += 1;
  }
  return [...byCause]
    .map(([cause, { count, example }]) => ({ cause, count, example }))
    .sort((a, b) => b.count - a.count || (a.cause < b.cause ? -1 : a.cause > b.cause ? 1 : 0));
}
