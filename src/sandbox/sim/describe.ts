/** The common shape of every EC2 Describe action: explicit ids or a filtered, paginated walk. */
import type { ActionContext } from './action.js';
import type { Collection } from './collection.js';
import { compileFilters, type DescribeFilter, type FilterFields } from './describe-filters.js';
import { invalidCombination, notFound } from './errors.js';
import { paginate, pageLimit, type Page, type PageBounds } from './paging.js';
import type { TagMap } from '../file/types.js';

/** The filter and paging parameters every EC2 Describe request carries, as the SDK names them. */
export interface DescribeInput {
  readonly Filters?: readonly DescribeFilter[] | undefined;
  readonly MaxResults?: number | undefined;
  readonly NextToken?: string | undefined;
}

export interface DescribeRequest<T extends { readonly id: string }> {
  readonly input: DescribeInput;
  readonly collection: Collection<T>;
  readonly ids: readonly string[] | undefined;
  /** Name of the ids parameter, for the error AWS gives when it is combined with MaxResults. */
  readonly idsParameter?: string;
  readonly fields: FilterFields<T>;
  readonly tagsOf?: (item: T) => TagMap;
  readonly bounds: PageBounds;
  /** Restricts the walk further (e.g. rules of one filter). */
  readonly scope?: (item: T) => boolean;
}

export function describe<T extends { readonly id: string }>(context: ActionContext, request: DescribeRequest<T>): Page<T> {
  const { Filters: filters, MaxResults: maxResults, NextToken: nextToken } = request.input;
  const pageRequest = context.pageRequest(maxResults, nextToken);
  const explicit = request.ids !== undefined && request.ids.length > 0;
  if (explicit && request.idsParameter !== undefined && maxResults !== undefined) {
    throw invalidCombination(`The parameter ${request.idsParameter} cannot be used with the parameter maxResults`);
  }
  const limit = pageLimit(pageRequest, request.bounds);
  const predicate = compileFilters(filters, request.fields, request.tagsOf);
  const scope = request.scope;
  const match = (item: T) => context.visible(item.id) && (scope === undefined || scope(item)) && predicate(item);
  let ids = request.collection.sortedIds();
  if (explicit) {
    const unique = [...new Set(request.ids)].sort();
    const missing = unique.find((id) => !request.collection.has(id) || !context.visible(id));
    if (missing !== undefined) throw notFound(missing);
    ids = unique;
  }
  return paginate(pageRequest, limit, ids, (id) => request.collection.get(id), match);
}
