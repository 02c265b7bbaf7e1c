/**
 * Reads every page of one Describe action through an SDK paginator, reports progress, and fails closed:
 * any error (after the SDK's own retries), an incomplete item or a page token that repeats becomes a
 * UserError naming the region and action, so discovery never returns a partial picture.
 */
import { UserError } from '../../core/errors.js';
import { toReadableAwsError } from '../read-errors.js';
import { IncompleteResponse } from './fields.js';

export interface DiscoveryProgress {
  readonly region: string;
  /** The EC2 action, e.g. "DescribeInstances". */
  readonly action: string;
  /** Pages and items read so far for this action in this region. */
  readonly pages: number;
  readonly items: number;
}

/** Shared by the reads of one discovery: where progress goes and the signal that stops the others. */
export interface ReadScope {
  readonly region: string;
  /** The client's profile, for the credential error message. */
  readonly profile: string | undefined;
  readonly signal: AbortSignal;
  readonly onProgress: ((event: DiscoveryProgress) => void) | undefined;
  /** Running totals per action, so chunked reads of one action report one growing count. */
  readonly totals: Map<string, { pages: number; items: number }>;
}

type Paginate<Page> = (sendOptions: { abortSignal: AbortSignal }) => AsyncIterable<Page>;

/** EC2 pages carry NextToken, ELBv2 pages NextMarker. */
interface PageShape {
  readonly NextToken?: string | undefined;
  readonly NextMarker?: string | undefined;
}

export type ReadService = 'ec2' | 'elasticloadbalancing';

const SERVICE_NAME: Readonly<Record<ReadService, string>> = { ec2: 'EC2', elasticloadbalancing: 'Elastic Load Balancing' };

export async function readAllPages<Page extends PageShape, Item>(
  scope: ReadScope,
  action: string,
  paginate: Paginate<Page>,
  toItems: (page: Page) => readonly Item[],
  service: ReadService = 'ec2',
): Promise<Item[]> {
  const items: Item[] = [];
  const seenTokens = new Set<string>();
  try {
    for await (const page of paginate({ abortSignal: scope.signal })) {
      const pageItems = toItems(page);
      items.push(...pageItems);
      report(scope, action, pageItems.length);
      // A token seen before would make the paginator loop forever over the same pages.
      const token = page.NextToken ?? page.NextMarker;
      if (token !== undefined && token !== '') {
        if (seenTokens.has(token)) {
          throw new UserError(`${SERVICE_NAME[service]} returned the same ${action} page token twice in ${scope.region}.`, {
            hint: 'retry; if it persists, report it with the --debug output',
          });
        }
        seenTokens.add(token);
      }
    }
  } catch (error) {
    throw readFailure(scope, action, service, error);
  }
  return items;
}

/** The UserError a failed read becomes, naming the region, the action and (for IAM) the permission. */
export function readFailure(scope: ReadScope, action: string, service: ReadService, error: unknown): Error {
  if (error instanceof IncompleteResponse) {
    return new UserError(`${SERVICE_NAME[service]} returned an incomplete ${action} page in ${scope.region}: ${error.message}.`, {
      hint: 'retry; if it persists, report it with the --debug output',
      cause: error,
    });
  }
  return toReadableAwsError(error, {
    region: scope.region,
    action,
    service,
    ...(scope.profile === undefined ? {} : { profile: scope.profile }),
  });
}

/**
 * A read started before something it does not wait for: awaited later, but if that something fails first,
 * discovery rejects with that failure, and this read's own failure (it is aborted too) must not go unhandled.
 */
export function started<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
}

/** Reports one page read outside a paginator (an action ELBv2 does not paginate). */
export function reportPage(scope: ReadScope, action: string, items: number): void {
  report(scope, action, items);
}

function report(scope: ReadScope, action: string, items: number): void {
  const total = scope.totals.get(action) ?? { pages: 0, items: 0 };
  total.pages += 1;
  total.items += items;
  scope.totals.set(action, total);
  scope.onProgress?.({ region: scope.region, action, pages: total.pages, items: total.items });
}
