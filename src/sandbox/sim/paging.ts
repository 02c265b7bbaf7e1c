/**
 * Describe pagination: MaxResults within AWS's bounds, capped by the sandbox's page size, and an opaque
 * NextToken that resumes after the last id returned (so pages stay correct while resources change).
 */
import { invalidParameter } from './errors.js';

export interface PageBounds {
  readonly min: number;
  readonly max: number;
  /** Items per page when MaxResults is absent; `all` = AWS returns everything in one response. */
  readonly default: number | 'all';
}

export interface PageRequest {
  readonly action: string;
  readonly maxResults: number | undefined;
  readonly nextToken: string | undefined;
  /** The sandbox's `pageSize` option. */
  readonly cap: number | undefined;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextToken: string | undefined;
}

export function pageLimit(request: PageRequest, bounds: PageBounds, parameter = 'MaxResults'): number {
  const { maxResults } = request;
  if (maxResults !== undefined && (!Number.isInteger(maxResults) || maxResults < bounds.min || maxResults > bounds.max)) {
    throw invalidParameter(
      `Value ( ${maxResults} ) for parameter ${parameter} is invalid. Expecting a value between ${bounds.min} and ${bounds.max}.`,
    );
  }
  const limit = maxResults ?? (bounds.default === 'all' ? Number.POSITIVE_INFINITY : bounds.default);
  return Math.min(limit, request.cap ?? Number.POSITIVE_INFINITY);
}

const encodeToken = (action: string, lastId: string): string =>
  Buffer.from(JSON.stringify([action, lastId]), 'utf8').toString('base64url');

function decodeToken(action: string, token: string): string {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded[0] === action && typeof decoded[1] === 'string') return decoded[1];
  } catch {
    // fall through: any undecodable token is invalid
  }
  throw invalidParameter(`The token '${token}' is invalid for ${action}.`);
}

/** First index whose id sorts after `id`. */
function indexAfter(sortedIds: readonly string[], id: string): number {
  let low = 0;
  let high = sortedIds.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sortedIds[mid] ?? '') <= id) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function paginate<T>(
  request: PageRequest,
  limit: number,
  sortedIds: readonly string[],
  lookup: (id: string) => T | undefined,
  match: (item: T) => boolean,
): Page<T> {
  const start = request.nextToken === undefined ? 0 : indexAfter(sortedIds, decodeToken(request.action, request.nextToken));
  const items: T[] = [];
  let lastId: string | undefined;
  for (let index = start; index < sortedIds.length; index++) {
    const id = sortedIds[index] ?? '';
    const item = lookup(id);
    if (item === undefined || !match(item)) continue;
    if (items.length === limit) return { items, nextToken: encodeToken(request.action, lastId ?? '') };
    items.push(item);
    lastId = id;
  }
  return { items, nextToken: undefined };
}
