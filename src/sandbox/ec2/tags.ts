/** CreateTags, DeleteTags and DescribeTags over every taggable resource the simulator holds. */
import type {
  CreateTagsRequest,
  DeleteTagsRequest,
  DescribeTagsRequest,
  DescribeTagsResult,
  ResourceType,
} from '@aws-sdk/client-ec2';
import type { TagMap } from '../file/types.js';
import { defineAction, type ActionContext, type ActionTable } from '../sim/action.js';
import type { Collection } from '../sim/collection.js';
import { compileFilters, type FilterFields } from '../sim/describe-filters.js';
import { missingParameter, notFound } from '../sim/errors.js';
import { paginate, pageLimit } from '../sim/paging.js';
import type { RegionState } from '../sim/region-state.js';
import { withTags } from '../sim/tags.js';

interface Taggable {
  readonly id: string;
  tags: TagMap;
}

const TAGGABLE: readonly { prefix: string; type: ResourceType; of: (region: RegionState) => Collection<Taggable> }[] = [
  { prefix: 'vpc-', type: 'vpc', of: (region) => region.vpcs },
  { prefix: 'subnet-', type: 'subnet', of: (region) => region.subnets },
  { prefix: 'i-', type: 'instance', of: (region) => region.instances },
  { prefix: 'eni-', type: 'network-interface', of: (region) => region.networkInterfaces },
  { prefix: 'tmt-', type: 'traffic-mirror-target', of: (region) => region.targets },
  { prefix: 'tmfr-', type: 'traffic-mirror-filter-rule', of: (region) => region.rules },
  { prefix: 'tmf-', type: 'traffic-mirror-filter', of: (region) => region.filters },
  { prefix: 'tms-', type: 'traffic-mirror-session', of: (region) => region.sessions },
];

function taggable(context: ActionContext, id: string): Taggable {
  const kind = TAGGABLE.find((candidate) => id.startsWith(candidate.prefix));
  if (!kind) throw notFound(id);
  return context.find(kind.of(context.region), id);
}

function resources(ids: readonly string[] | undefined): readonly string[] {
  if (ids === undefined || ids.length === 0) throw missingParameter('ResourceId');
  return ids;
}

interface TagRow {
  readonly id: string;
  readonly resourceId: string;
  readonly resourceType: ResourceType;
  readonly key: string;
  readonly value: string;
}

const tagRowFields: FilterFields<TagRow> = {
  'resource-id': (row) => row.resourceId,
  'resource-type': (row) => row.resourceType,
  key: (row) => row.key,
  value: (row) => row.value,
};

export const tagActions: ActionTable = {
  CreateTags: defineAction({
    throttle: 'tags',
    mutating: true,
    handler: (context, input: CreateTagsRequest): Record<string, never> => {
      const targets = resources(input.Resources).map((id) => taggable(context, id));
      const updated = targets.map((target) => withTags(target.tags, input.Tags ?? []));
      targets.forEach((target, index) => (target.tags = updated[index] ?? target.tags));
      return {};
    },
  }),

  DeleteTags: defineAction({
    throttle: 'tags',
    mutating: true,
    handler: (context, input: DeleteTagsRequest): Record<string, never> => {
      const targets = resources(input.Resources).map((id) => taggable(context, id));
      for (const target of targets) {
        if (input.Tags === undefined) {
          target.tags = {};
          continue;
        }
        const remaining = { ...target.tags };
        for (const tag of input.Tags) {
          const key = tag.Key ?? '';
          // A tag given with a value is only deleted when the value matches.
          if (tag.Value === undefined || remaining[key] === tag.Value) delete remaining[key];
        }
        target.tags = remaining;
      }
      return {};
    },
  }),

  DescribeTags: defineAction({
    throttle: 'non-mutating',
    mutating: false,
    handler: (context, input: DescribeTagsRequest): DescribeTagsResult => {
      const request = context.pageRequest(input.MaxResults, input.NextToken);
      const limit = pageLimit(request, { min: 5, max: 1000, default: 'all' });
      const rows = new Map<string, TagRow>();
      for (const kind of TAGGABLE) {
        for (const resource of kind.of(context.region).values()) {
          if (!context.visible(resource.id)) continue;
          for (const [key, value] of Object.entries(resource.tags)) {
            const id = `${resource.id}\u0000${key}`;
            rows.set(id, { id, resourceId: resource.id, resourceType: kind.type, key, value });
          }
        }
      }
      const match = compileFilters(input.Filters, tagRowFields);
      const page = paginate(request, limit, [...rows.keys()].sort(), (id) => rows.get(id), match);
      return {
        Tags: page.items.map((row) => ({
          ResourceId: row.resourceId,
          ResourceType: row.resourceType,
          Key: row.key,
          Value: row.value,
        })),
        NextToken: page.nextToken,
      };
    },
  }),
};
