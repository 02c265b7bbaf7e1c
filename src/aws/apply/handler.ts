/**
 * The calls behind create, update and delete for one resource type. Updates receive only the attributes that
 * changed, so the Modify call sends just those, as Terraform does.
 */
import type { DesiredResource, PlanAction } from '../../core/types/plan.js';
import type { Tags } from '../../core/types/policy.js';
import type { ActionContext } from './action-context.js';

export interface ResourceHandler<D extends DesiredResource> {
  /** Attributes a Modify call changes in place (tags are handled for every type). */
  readonly modifiable: readonly string[];
  /** Attributes AWS cannot change: a plan that changes them must replace the resource. */
  readonly immutable: readonly string[];
  /** Creates the resource and returns its id. */
  create(ctx: ActionContext, desired: D, clientToken: string): Promise<string>;
  update(ctx: ActionContext, id: string, before: D | undefined, after: D, changed: ReadonlySet<string>): Promise<void>;
  remove(ctx: ActionContext, id: string): Promise<void>;
  /** How tags change in place; default EC2's CreateTags/DeleteTags. */
  readonly syncTags?: (ctx: ActionContext, id: string, before: Tags, after: Tags) => Promise<void>;
}

/**
 * What an update changes: exactly the attributes the planner listed, so an apply does what the reviewed plan
 * said (observed and desired may differ where the planner chose to accept AWS's value, e.g. a random VNI).
 */
export function changedAttributes(action: PlanAction, handler: ResourceHandler<DesiredResource>): Set<string> {
  const known = new Set([...handler.modifiable, ...handler.immutable, 'tags']);
  return new Set(action.changes.map((change) => change.attribute).filter((name) => known.has(name)));
}
