/**
 * Grouping for large plans. Ten thousand session blocks cannot be reviewed; one line per (action, type,
 * region, target, filter) with a per-VPC breakdown can. Only (action, type) pairs with more than
 * `maxBlocks` actions are grouped: the small parts of a large plan keep their full blocks.
 */
import type { ActionKind, AttributeChange, PlanAction, ResourceType } from '../core/types/plan.js';
import { generalReason } from './reasons.js';
import { addTo, type Tally } from './tally.js';
import { formatAttribute } from './values.js';

/** "packetLength 128 → 8500": what a reviewer needs to judge a thousand identical updates at once. */
const describeChange = (change: AttributeChange): string =>
  `${change.attribute} ${formatAttribute(change.attribute, change.before)} → ${formatAttribute(change.attribute, change.after)}`;

export interface ActionGroup {
  readonly action: ActionKind;
  readonly type: ResourceType;
  readonly region: string;
  /** Sessions: the target key. */
  readonly target?: string;
  /** Sessions and filter rules: the filter key. */
  readonly filter?: string;
  count: number;
  /** Sessions per VPC. */
  readonly vpcs: Tally;
  readonly reasons: Tally;
  /** How many actions make each change, old → new (updates and replacements): "packetLength 128 → 8500". */
  readonly changes: Tally;
}

export interface Grouping {
  /** In order of first appearance, which follows the planner's (region, type, key) order. */
  readonly groups: readonly ActionGroup[];
  readonly groupOf: ReadonlyMap<PlanAction, ActionGroup>;
}

const pairKey = (action: PlanAction): string => `${action.action} ${action.type}`;

/** Whether each action is shown in a group: true for every member of an (action, type) pair above the limit. */
export function groupingPredicate(actions: readonly PlanAction[], maxBlocks: number): (action: PlanAction) => boolean {
  const counts: Tally = new Map();
  for (const action of actions) addTo(counts, pairKey(action));
  return (action) => (counts.get(pairKey(action)) ?? 0) > maxBlocks;
}

export function groupActions(actions: readonly PlanAction[]): Grouping {
  const byKey = new Map<string, ActionGroup>();
  const groupOf = new Map<PlanAction, ActionGroup>();
  for (const action of actions) {
    const resource = action.after ?? action.before;
    const target = resource?.kind === 'session' ? resource.target.key : undefined;
    const filter = resource?.kind === 'session' || resource?.kind === 'filter-rule' ? resource.filter.key : undefined;
    const key = [action.action, action.type, action.region, target ?? '', filter ?? ''].join('\u0000');
    let group = byKey.get(key);
    if (group === undefined) {
      group = {
        action: action.action,
        type: action.type,
        region: action.region,
        ...(target === undefined ? {} : { target }),
        ...(filter === undefined ? {} : { filter }),
        count: 0,
        vpcs: new Map(),
        reasons: new Map(),
        changes: new Map(),
      };
      byKey.set(key, group);
    }
    group.count += 1;
    if (resource?.kind === 'session') addTo(group.vpcs, resource.vpcId);
    addTo(group.reasons, generalReason(action.reason));
    for (const change of action.changes) addTo(group.changes, describeChange(change));
    groupOf.set(action, group);
  }
  return { groups: [...byKey.values()], groupOf };
}
