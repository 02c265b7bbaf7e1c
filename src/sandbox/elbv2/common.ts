/** Shared ELBv2 pieces: its error codes, lookups, ARNs, names, ports, tags and Marker/PageSize pagination. */
import type { Tag } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { TagMap } from '../file/types.js';
import type { ActionContext } from '../sim/action.js';
import type { Collection } from '../sim/collection.js';
import { SimulatedError } from '../sim/errors.js';
import { hashHex } from '../sim/ids.js';
import { paginate, pageLimit, type Page } from '../sim/paging.js';
import type { HealthCheckRecord, LoadBalancerRecord, TargetGroupRecord } from '../sim/records.js';

/**
 * ELBv2's health check defaults by health check protocol (CreateTargetGroup): every 30 s, a 6 s timeout for
 * HTTP and 10 s otherwise, 5 successes to be healthy and 2 failures to be unhealthy, path / for HTTP(S).
 */
export function healthCheckDefaults(protocol: string): Omit<HealthCheckRecord, 'protocol' | 'port'> {
  const http = protocol === 'HTTP' || protocol === 'HTTPS';
  return {
    path: http ? '/' : undefined,
    intervalSeconds: 30,
    timeoutSeconds: protocol === 'HTTP' ? 6 : 10,
    healthyThreshold: 5,
    unhealthyThreshold: 2,
  };
}

export const validationError = (message: string): SimulatedError => new SimulatedError('ValidationError', message);

export const loadBalancerNotFound = (): SimulatedError =>
  new SimulatedError('LoadBalancerNotFound', 'One or more load balancers not found');
export const targetGroupNotFound = (): SimulatedError =>
  new SimulatedError('TargetGroupNotFound', 'One or more target groups not found');
export const listenerNotFound = (): SimulatedError =>
  new SimulatedError('ListenerNotFound', 'One or more listeners not found');

export function findLoadBalancer(context: ActionContext, arn: string | undefined): LoadBalancerRecord {
  const lb = arn === undefined ? undefined : context.region.loadBalancers.get(arn);
  if (!lb) throw loadBalancerNotFound();
  return lb;
}

export function findTargetGroup(context: ActionContext, arn: string | undefined): TargetGroupRecord {
  const group = arn === undefined ? undefined : context.region.targetGroups.get(arn);
  if (!group) throw targetGroupNotFound();
  return group;
}

export function checkPort(port: number | undefined, what: string): number {
  if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw validationError(`${what} must be between 1 and 65535`);
  }
  return port;
}

const NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/;

export function checkName(name: string | undefined, what: string): string {
  if (name === undefined || !NAME.test(name) || name.startsWith('internal-')) {
    throw validationError(
      `The ${what} name '${name ?? ''}' is not valid: use at most 32 alphanumeric characters or hyphens, not starting or ending with a hyphen`,
    );
  }
  return name;
}

/** A fresh 16-hex suffix for an ARN (AWS's are random; ours follow the region's id sequence). */
export function arnSuffix(context: ActionContext, name: string): string {
  context.region.idSequence += 1;
  return hashHex(`${context.accountId}/${context.region.name}/${name}/${context.region.idSequence}`, 16);
}

export const arnPrefix = (context: ActionContext): string =>
  `arn:aws:elasticloadbalancing:${context.region.name}:${context.accountId}:`;

const MAX_TAGS = 50;

export function elbTags(base: TagMap, tags: readonly Tag[] | undefined): TagMap {
  const result = { ...base };
  const seen = new Set<string>();
  for (const tag of tags ?? []) {
    const key = tag.Key ?? '';
    if (seen.has(key)) throw new SimulatedError('DuplicateTagKeys', `Tag key '${key}' was specified more than once`);
    seen.add(key);
    if (key === '' || key.toLowerCase().startsWith('aws:')) throw validationError(`Tag key '${key}' is not valid`);
    result[key] = tag.Value ?? '';
  }
  if (Object.keys(result).length > MAX_TAGS) {
    throw new SimulatedError('TooManyTags', `The quota for the number of tags per resource (${MAX_TAGS}) was exceeded`);
  }
  return result;
}

export const elbTagList = (tags: TagMap): Tag[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** ELBv2 pages with Marker/NextMarker and PageSize 1..400; a bad value is a ValidationError. */
export function elbPage<T extends { readonly id: string }>(
  context: ActionContext,
  input: { Marker?: string | undefined; PageSize?: number | undefined },
  collection: Collection<T>,
  ids: readonly string[] | undefined,
  match: (item: T) => boolean,
  notFound: () => SimulatedError,
): Page<T> {
  const request = context.pageRequest(input.PageSize, input.Marker);
  try {
    const limit = pageLimit(request, { min: 1, max: 400, default: 400 }, 'PageSize');
    if (ids !== undefined && ids.length > 0) {
      if (ids.some((id) => !collection.has(id))) throw notFound();
      return paginate(request, limit, [...new Set(ids)].sort(), (id) => collection.get(id), match);
    }
    return paginate(request, limit, collection.sortedIds(), (id) => collection.get(id), match);
  } catch (error) {
    if (error instanceof SimulatedError && error.code === 'InvalidParameterValue') throw validationError(error.message);
    throw error;
  }
}
