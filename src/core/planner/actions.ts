/** Builders for plan actions and attribute changes, so every module shapes them the same way. */
import type { AttributeChange, DesiredResource, PlanAction, ResourceType } from '../types/plan.js';

/**
 * `${region}/${key}`. Two owned resources can carry the same key (a copy made by hand, a crashed run); the
 * extra ones are deleted under the same key, so their action id also names the AWS id to stay unique.
 */
export function actionId(region: string, key: string, duplicateOf?: string): string {
  return duplicateOf === undefined ? `${region}/${key}` : `${region}/${key}#${duplicateOf}`;
}

/** Absent values are `null` in changes so that a saved (JSON) plan still says "removed" explicitly. */
export function change(attribute: string, before: unknown, after: unknown, forcesReplacement = false): AttributeChange {
  return { attribute, before: before ?? null, after: after ?? null, forcesReplacement };
}

/** Structural equality for the small plain values the planner compares (numbers, strings, port ranges, lists). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
  const bKeys = Object.keys(b).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** AWS returns an absent description as missing or as "", and both mean the same. */
export const sameText = (a: string | undefined, b: string | undefined): boolean => (a ?? '') === (b ?? '');

/** Shared by every action without changes or dependencies: 12,000 creates should not mean 24,000 empty arrays. */
const NONE: readonly never[] = Object.freeze([]);

interface ActionParts {
  readonly region: string;
  readonly type: ResourceType;
  readonly key: string;
  readonly reason: string;
}

export function createAction(parts: ActionParts, after: DesiredResource): PlanAction {
  return { id: actionId(parts.region, parts.key), action: 'create', ...parts, after, changes: NONE, dependsOn: NONE };
}

export function updateAction(
  parts: ActionParts,
  resourceId: string,
  before: DesiredResource,
  after: DesiredResource,
  changes: readonly AttributeChange[],
): PlanAction {
  return {
    id: actionId(parts.region, parts.key),
    action: 'update',
    ...parts,
    resourceId,
    before,
    after,
    changes,
    dependsOn: NONE,
  };
}

export function replaceAction(...args: Parameters<typeof updateAction>): PlanAction {
  return { ...updateAction(...args), action: 'replace' };
}

/** Another tool's resource taken over in place: an update whose changes always include its tags. */
export function adoptAction(...args: Parameters<typeof updateAction>): PlanAction {
  return { ...updateAction(...args), action: 'adopt' };
}

export function deleteAction(
  parts: ActionParts,
  resourceId: string,
  before: DesiredResource,
  duplicate = false,
): PlanAction {
  return {
    id: actionId(parts.region, parts.key, duplicate ? resourceId : undefined),
    action: 'delete',
    ...parts,
    resourceId,
    before,
    changes: NONE,
    dependsOn: NONE,
  };
}
