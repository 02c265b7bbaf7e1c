/**
 * Reads filtered server-side on a list of values (ids, VPCs, tags), shared by full and scoped discovery: EC2
 * takes at most 200 values in one Describe filter, so a longer list becomes parallel reads of 200, each
 * paginated. Nothing to look for, no call.
 */
import type { Filter } from '@aws-sdk/client-ec2';
import { compare } from './fields.js';
import { readAllPages, type ReadScope } from './pages.js';

/** MaxResults ceilings from the EC2 model: 5–1000, and 5–100 for DescribeInstanceTypes. */
export const MAX_PAGE = 1000;
/**
 * DescribeInstances asks for half that. A page of 1,000 instances is about 4.5 MB of XML, and while the SDK
 * turns it into objects the process holds the text, the parsed document and the output at once (some 15 MB);
 * a full collection that lands in the middle counts all of it as live, and V8 then lets the heap grow to about
 * three times what it found live. Pages of 500 halve that, for one more call per 500 instances: the peak RSS
 * of a 10,000-instance plan over the wire went from 240–320 MB to 231–250 (docs/performance.md).
 */
export const MAX_INSTANCES_PAGE = 500;
export const MAX_INSTANCE_TYPES_PAGE = 100;
/** DescribeInstanceTypes accepts at most 100 names in InstanceTypes. */
export const MAX_NAMED_INSTANCE_TYPES = 100;
/** EC2 takes at most 200 values in one Describe filter. */
export const MAX_FILTER_VALUES = 200;

/** The distinct values, sorted, in lists of at most `size`. */
export function chunked(values: readonly string[], size: number): string[][] {
  const unique = [...new Set(values)].sort(compare);
  const chunks: string[][] = [];
  for (let start = 0; start < unique.length; start += size) chunks.push(unique.slice(start, start + size));
  return chunks;
}

type Paginate<Page> = (filters: Filter[], send: { abortSignal: AbortSignal }) => AsyncIterable<Page>;

/** One paginated read per 200 values of the filter `name` (ANDed with `extra`), all at once. */
export async function readWhere<Page extends { NextToken?: string | undefined }, Item>(
  scope: ReadScope,
  action: string,
  name: string,
  values: readonly string[],
  paginate: Paginate<Page>,
  toItems: (page: Page) => readonly Item[],
  extra: readonly Filter[] = [],
): Promise<Item[]> {
  const parts = await Promise.all(
    chunked(values, MAX_FILTER_VALUES).map((chunk) =>
      readAllPages(scope, action, (send) => paginate([{ Name: name, Values: chunk }, ...extra], send), toItems),
    ),
  );
  return parts.flat();
}
