/**
 * The order of a managed load balancer's parts, added to the region's other dependencies. Creating: load
 * balancer and target group, then the listener between them, then the sensors' registrations, then the
 * mirror target (which the sessions wait for). Deleting, the reverse: sessions, mirror target, listener,
 * target group, load balancer. Parts share their target's name in their keys, which is how they find each
 * other; a part already in place needs no edge.
 */
import type { PlanAction } from '../../types/plan.js';
import { compareStrings } from '../util.js';

const MAKES = new Set(['create', 'replace']);

/** `load-balancer/NAME` → NAME, for the types a managed target is made of. */
function partName(action: PlanAction): string | undefined {
  const slash = action.key.indexOf('/');
  if (slash < 0) return undefined;
  const name = action.key.slice(slash + 1);
  if (action.type === 'target-registration') return name.slice(0, name.lastIndexOf('/'));
  return name;
}

export function linkManagedDependencies(actions: readonly PlanAction[]): PlanAction[] {
  const made = new Map<string, string[]>();
  const gone = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, id: string): void => {
    map.set(key, [...(map.get(key) ?? []), id]);
  };
  for (const action of actions) {
    const name = partName(action);
    if (name === undefined) continue;
    const slot = `${action.region}\0${action.type}\0${name}`;
    if (MAKES.has(action.action) || (action.type === 'listener' && action.action === 'update')) add(made, slot, action.id);
    if (action.action === 'delete') add(gone, slot, action.id);
  }
  const managedTarget = (action: PlanAction): boolean => action.after?.kind === 'target' && action.after.loadBalancer !== undefined;
  return actions.map((action) => {
    const name = partName(action);
    if (name === undefined) return action;
    const slot = (type: PlanAction['type']): string => `${action.region}\0${type}\0${name}`;
    const deps: string[] = [];
    const after = (type: PlanAction['type']): void => {
      deps.push(...(made.get(slot(type)) ?? []));
    };
    const afterGone = (type: PlanAction['type']): void => {
      deps.push(...(gone.get(slot(type)) ?? []));
    };
    if (MAKES.has(action.action) || action.action === 'update') {
      if (action.type === 'listener') {
        after('load-balancer');
        after('target-group');
      }
      if (action.type === 'target-registration') after('target-group');
      if (action.type === 'target' && managedTarget(action) && MAKES.has(action.action)) {
        after('load-balancer');
        after('listener');
        after('target-registration');
      }
    }
    if (action.action === 'delete') {
      if (action.type === 'listener') afterGone('target');
      if (action.type === 'target-group') {
        afterGone('listener');
        afterGone('target-registration');
      }
      if (action.type === 'load-balancer') {
        afterGone('target');
        afterGone('listener');
        afterGone('target-group');
      }
    }
    const extra = deps.filter((id) => id !== action.id);
    if (extra.length === 0) return action;
    return { ...action, dependsOn: [...new Set([...action.dependsOn, ...extra])].sort(compareStrings) };
  });
}
