/**
 * Tags: set on create through TagSpecifications (one call, and covered by the ClientToken), and on update only
 * where the desired tags differ from the observed ones; unchanged tags are left alone.
 */
import { CreateTagsCommand, DeleteTagsCommand, type Tag, type TagSpecification } from '@aws-sdk/client-ec2';
import type { Tags } from '../../core/types/policy.js';
import type { ActionContext } from './action-context.js';
import { singleAttempt } from './single-attempt.js';

export type TaggedResourceType =
  | 'traffic-mirror-target'
  | 'traffic-mirror-filter'
  | 'traffic-mirror-filter-rule'
  | 'traffic-mirror-session';

/** Sorted by key: a retried create must send identical parameters, or AWS reports a token mismatch. */
export function toSdkTags(tags: Tags): Tag[] {
  return Object.keys(tags)
    .sort()
    .map((key) => ({ Key: key, Value: tags[key] ?? '' }));
}

export function tagSpecifications(resourceType: TaggedResourceType, tags: Tags): TagSpecification[] {
  return [{ ResourceType: resourceType, Tags: toSdkTags(tags) }];
}

export async function syncTags(ctx: ActionContext, id: string, before: Tags, after: Tags): Promise<void> {
  const changed = Object.fromEntries(Object.entries(after).filter(([key, value]) => before[key] !== value));
  const removed = Object.keys(before)
    .filter((key) => !(key in after))
    .sort();
  if (Object.keys(changed).length > 0) {
    await ctx.call({
      operation: 'CreateTags',
      references: [id],
      send: (ec2) => ec2.send(singleAttempt(new CreateTagsCommand({ Resources: [id], Tags: toSdkTags(changed) }))),
    });
  }
  if (removed.length > 0) {
    await ctx.call({
      operation: 'DeleteTags',
      references: [id],
      send: (ec2) =>
        ec2.send(singleAttempt(new DeleteTagsCommand({ Resources: [id], Tags: removed.map((key) => ({ Key: key })) }))),
    });
  }
}
