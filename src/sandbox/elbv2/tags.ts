/** AddTags, RemoveTags and DescribeTags on load balancers, target groups and listeners. */
import type {
  AddTagsInput,
  AddTagsOutput,
  DescribeTagsInput,
  DescribeTagsOutput,
  RemoveTagsInput,
  RemoveTagsOutput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { TagMap } from '../file/types.js';
import { defineAction, type ActionContext, type ActionTable } from '../sim/action.js';
import { elbTagList, elbTags, listenerNotFound, loadBalancerNotFound, targetGroupNotFound, validationError } from './common.js';

interface Taggable {
  tags: TagMap;
}

function resource(context: ActionContext, arn: string): Taggable {
  const { region } = context;
  const found = arn.includes(':loadbalancer/')
    ? region.loadBalancers.get(arn)
    : arn.includes(':targetgroup/')
      ? region.targetGroups.get(arn)
      : region.listeners.get(arn);
  if (found) return found;
  if (arn.includes(':loadbalancer/')) throw loadBalancerNotFound();
  if (arn.includes(':targetgroup/')) throw targetGroupNotFound();
  throw listenerNotFound();
}

function resourceArns(arns: readonly string[] | undefined): readonly string[] {
  if (arns === undefined || arns.length === 0) throw validationError('At least one resource ARN must be specified');
  if (arns.length > 20) throw validationError('At most 20 resource ARNs can be specified');
  return arns;
}

export const elbTagActions: ActionTable = {
  AddTags: defineAction({
    throttle: 'none',
    mutating: true,
    handler: (context, input: AddTagsInput): AddTagsOutput => {
      const resources = resourceArns(input.ResourceArns).map((arn) => resource(context, arn));
      const updated = resources.map((item) => elbTags(item.tags, input.Tags));
      resources.forEach((item, index) => (item.tags = updated[index] ?? item.tags));
      return {};
    },
  }),

  RemoveTags: defineAction({
    throttle: 'none',
    mutating: true,
    handler: (context, input: RemoveTagsInput): RemoveTagsOutput => {
      for (const item of resourceArns(input.ResourceArns).map((arn) => resource(context, arn))) {
        const remaining = { ...item.tags };
        for (const key of input.TagKeys ?? []) delete remaining[key];
        item.tags = remaining;
      }
      return {};
    },
  }),

  DescribeTags: defineAction({
    throttle: 'none',
    mutating: false,
    handler: (context, input: DescribeTagsInput): DescribeTagsOutput => ({
      TagDescriptions: resourceArns(input.ResourceArns).map((arn) => ({
        ResourceArn: arn,
        Tags: elbTagList(resource(context, arn).tags),
      })),
    }),
  }),
};
