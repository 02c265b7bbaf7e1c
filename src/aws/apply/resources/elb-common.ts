/**
 * What the ELBv2 handlers share: tags (ELBv2's own AddTags/RemoveTags, set on create through `Tags`), and a
 * create that finds its resource when ELBv2 says the name is taken. ELBv2 has no ClientToken: a create is
 * idempotent by name with the same settings, and a name taken with other settings (a create whose response
 * was lost and whose settings changed since, or a concurrent run) is ours only if it carries this action's
 * ownership tags, in which case the next plan converges its settings.
 */
import { AddTagsCommand, DescribeTagsCommand, RemoveTagsCommand, type Tag } from '@aws-sdk/client-elastic-load-balancing-v2';
import { KEY_TAG, POLICY_TAG } from '../../../core/ownership.js';
import type { Tags } from '../../../core/types/policy.js';
import type { ActionContext } from '../action-context.js';
import { singleAttempt } from '../single-attempt.js';

/** Sorted by key, as the EC2 tags are: the same create sends the same request. */
export function elbTags(tags: Tags): Tag[] {
  return Object.keys(tags)
    .sort()
    .map((key) => ({ Key: key, Value: tags[key] ?? '' }));
}

export async function syncElbTags(ctx: ActionContext, arn: string, before: Tags, after: Tags): Promise<void> {
  const changed = Object.fromEntries(Object.entries(after).filter(([key, value]) => before[key] !== value));
  const removed = Object.keys(before)
    .filter((key) => !(key in after))
    .sort();
  if (Object.keys(changed).length > 0) {
    await ctx.elb({
      operation: 'AddTags',
      references: [arn],
      send: (elb) => elb.send(singleAttempt(new AddTagsCommand({ ResourceArns: [arn], Tags: elbTags(changed) }))),
    });
  }
  if (removed.length > 0) {
    await ctx.elb({
      operation: 'RemoveTags',
      references: [arn],
      send: (elb) => elb.send(singleAttempt(new RemoveTagsCommand({ ResourceArns: [arn], TagKeys: removed }))),
    });
  }
}

const isNameTaken = (error: unknown, codes: readonly string[]): boolean =>
  error instanceof Error && 'error' in error && codes.includes((error as { error: { code: string } }).error.code);

/**
 * Runs `create`; when ELBv2 answers that the name is taken, finds the resource of that name and takes it if
 * it carries this action's ownership tags (`expected`), else fails with ELBv2's answer.
 */
export async function createByName(
  ctx: ActionContext,
  spec: {
    readonly operation: string;
    readonly takenCodes: readonly string[];
    readonly expected: Tags;
    readonly create: () => Promise<string | undefined>;
    /** The ARN of the resource of that name, if it exists. */
    readonly findByName: () => Promise<string | undefined>;
  },
): Promise<string> {
  try {
    return ctx.returnedId(await spec.create(), spec.operation, 'resource');
  } catch (error) {
    if (!isNameTaken(error, spec.takenCodes)) throw error;
    const arn = await spec.findByName();
    if (arn === undefined) throw error;
    const output = await ctx.elb({
      operation: 'DescribeTags',
      references: [arn],
      send: (elb) => elb.send(singleAttempt(new DescribeTagsCommand({ ResourceArns: [arn] }))),
    });
    const tags = Object.fromEntries((output.TagDescriptions?.[0]?.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
    if (tags[POLICY_TAG] !== spec.expected[POLICY_TAG] || tags[KEY_TAG] !== spec.expected[KEY_TAG]) throw error;
    return ctx.doneByAnotherRun(arn);
  }
}
