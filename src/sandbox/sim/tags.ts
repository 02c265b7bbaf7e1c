/** Tags as EC2 takes and returns them (`[{Key, Value}]`), with EC2's tag rules. */
import type { TagMap } from '../file/types.js';
import { invalidParameter, SimulatedError } from './errors.js';

export interface TagInput {
  readonly Key?: string | undefined;
  readonly Value?: string | undefined;
}

export interface TagSpecificationInput {
  readonly ResourceType?: string | undefined;
  readonly Tags?: readonly TagInput[] | undefined;
}

const MAX_TAGS = 50;

export const tagList = (tags: TagMap): { Key: string; Value: string }[] =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** The tags after adding or overwriting `tags`; the input map is left alone so a rejected call changes nothing. */
export function withTags(base: TagMap, tags: readonly TagInput[]): TagMap {
  const target = { ...base };
  for (const tag of tags) {
    const key = tag.Key ?? '';
    if (key.length === 0 || key.length > 128) throw invalidParameter(`Tag key '${key}' must be 1 to 128 characters long`);
    if (key.toLowerCase().startsWith('aws:')) {
      throw invalidParameter(`Tag keys starting with 'aws:' are reserved for internal use`);
    }
    const value = tag.Value ?? '';
    if (value.length > 256) throw invalidParameter(`Tag value for key '${key}' must be at most 256 characters long`);
    target[key] = value;
  }
  if (Object.keys(target).length > MAX_TAGS) {
    throw new SimulatedError('TagLimitExceeded', `The maximum number of tags per resource (${MAX_TAGS}) was exceeded`);
  }
  return target;
}

/** Tags from a Create call's TagSpecifications, which must all name this resource type. */
export function tagsFromSpecifications(
  specifications: readonly TagSpecificationInput[] | undefined,
  resourceType: string,
): TagMap {
  let tags: TagMap = {};
  for (const specification of specifications ?? []) {
    if (specification.ResourceType !== resourceType) {
      throw invalidParameter(
        `'${specification.ResourceType ?? ''}' is not a valid taggable resource type for this operation. Expected '${resourceType}'.`,
      );
    }
    tags = withTags(tags, specification.Tags ?? []);
  }
  return tags;
}
