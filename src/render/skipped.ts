/** Skipped interfaces grouped by reason: the biggest reason first, members in plan order. */
import type { SkippedInterface, SkipReason } from '../core/types/plan.js';

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

/** "eni-1 (i-1, us-east-1): t2.micro is not a supported source type" */
export function describeSkipped(item: SkippedInterface): string {
  const where = item.instanceId === undefined ? item.region : `${item.instanceId}, ${item.region}`;
  return `${item.networkInterfaceId} (${where}): ${item.detail}`;
}
