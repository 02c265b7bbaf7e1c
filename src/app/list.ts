/**
 * The list use case: what the policy owns, without planning. No instance or interface is read: the cost is a
 * few pages per region whatever the account's size.
 *
 * - Per listed region, the three mirroring Describes filtered server-side on the `mirrorctl:policy` tag key
 *   (every mirrorctl policy's resources, so others can be marked): one page each per 1,000 resources.
 * - Per listed region, the managed load balancers and target groups, with plan's reader: ELBv2 cannot filter
 *   by tag, so one DescribeLoadBalancers and one DescribeTargetGroups page per 400 of the region's, one
 *   DescribeTags per 20 of their ARNs (none without any), then for each of this policy's load balancers one
 *   DescribeListeners and one DescribeLoadBalancerAttributes, for each of its target groups one
 *   DescribeTargetHealth. That is 2 calls in a region without load balancers or target groups, 3 when the
 *   few it has are not this policy's, 6 with one managed target (test/cli/list.test.ts counts them).
 * - Per unlisted region, what this policy left there: the look plan takes (one DescribeRegions, then the three
 *   Describes filtered on the policy tag in each other region), and ELBv2 only in the regions where it found
 *   something. Reading ELBv2 in every enabled region would cost at least 2 more calls in each of some twenty
 *   regions (and ELBv2 permissions there) on every list, to find what is nearly always nothing; a load
 *   balancer left alone in such a region, with no mirror target of the policy beside it, is not found.
 */
import { readTaggedMirroring } from '../aws/discover/owned-elsewhere.js';
import { buildInventory, type Inventory } from '../core/inventory.js';
import { POLICY_TAG } from '../core/ownership.js';
import { compareStrings } from '../core/planner/util.js';
import type { ObservedRegion } from '../core/types/observed.js';
import { loadPolicyOrThrow, type Diagnostic } from '../policy/load.js';
import type { Account } from './account.js';
import { describeAccount, identifyCaller } from './identity.js';
import { readLoadBalancingForList, type LoadBalancingRead } from './list-load-balancing.js';
import { lookElsewhere } from './owned-elsewhere.js';
import { placesLoadBalancers, selectRegions } from './plan.js';

export interface ListRequest {
  readonly configPath: string;
  readonly account: Account;
  /** `--region`: some of the policy's regions. */
  readonly regions?: readonly string[];
}

export interface ListRun {
  readonly inventory: Inventory;
  readonly policyWarnings: readonly Diagnostic[];
  /** Why unlisted regions could not be checked, when they could not (the list still stands for listed ones). */
  readonly elsewhereFailure?: string;
  /** Where the managed load balancers could not be read and why (see list-load-balancing.ts), sorted by region. */
  readonly loadBalancingFailures: readonly { readonly region: string; readonly failure: string }[];
}

interface RegionRead {
  readonly observed: ObservedRegion;
  readonly loadBalancingFailure?: string;
}

const withLoadBalancing = (observed: ObservedRegion, read: LoadBalancingRead): RegionRead =>
  'failure' in read
    ? { observed, loadBalancingFailure: read.failure }
    : { observed: { ...observed, managedLoadBalancers: read.found.loadBalancers, managedTargetGroups: read.found.targetGroups } };

export async function listOwned(request: ListRequest): Promise<ListRun> {
  const { policy, warnings } = await loadPolicyOrThrow(request.configPath);
  const regions = selectRegions(policy, request.regions);
  const { readers } = request.account;
  const identityRegion = regions[0] ?? '';
  const caller = await identifyCaller(readers, { region: identityRegion, policy, policyFile: request.configPath });
  const stop = new AbortController();
  const anyPolicy = [{ Name: 'tag-key', Values: [POLICY_TAG] }];
  const loadBalancing = (region: string, required: boolean) =>
    readLoadBalancingForList(readers, { region, policyName: policy.name, signal: stop.signal, required });
  const required = placesLoadBalancers(policy);
  const [account, listed, elsewhere] = await Promise.all([
    describeAccount(readers, caller, identityRegion),
    Promise.all(
      regions.map(async (region) => {
        const [mirroring, managed] = await Promise.all([
          readTaggedMirroring(readers.ec2(region), region, anyPolicy, stop.signal),
          loadBalancing(region, required),
        ]);
        return withLoadBalancing(mirroring, managed);
      }),
    ),
    // Only a whole-policy list looks beyond the listed regions, like a plan without --region.
    request.regions === undefined || request.regions.length === 0
      ? lookElsewhere(readers, policy, 'converge').then(async (look) => ({
          ...look,
          // Never fatal, like the look itself: the policy's managed targets are in the regions it lists.
          regions: await Promise.all(look.regions.map(async (observed) => withLoadBalancing(observed, await loadBalancing(observed.region, false)))),
        }))
      : { regions: [] },
  ]).catch((error: unknown) => {
    stop.abort();
    throw error;
  });

  const reads: RegionRead[] = [...listed, ...elsewhere.regions];
  const failures = reads.flatMap((read) => (read.loadBalancingFailure === undefined ? [] : [{ region: read.observed.region, failure: read.loadBalancingFailure }]));
  const inventory = buildInventory({
    policyName: policy.name,
    accountId: caller.accountId,
    account,
    listedRegions: policy.regions,
    observed: reads.map((read) => read.observed),
    sessionHourlyRates: policy.sessionHourlyRates,
    managedTargets: Object.values(policy.targets).flatMap((target) => (target.spec.kind === 'managed-load-balancer' ? [target.name] : [])),
    loadBalancersNotRead: Object.fromEntries(failures.map(({ region, failure }) => [region, failure])),
  });
  return {
    inventory,
    policyWarnings: warnings,
    ...('failure' in elsewhere && elsewhere.failure !== undefined ? { elsewhereFailure: elsewhere.failure } : {}),
    loadBalancingFailures: failures.sort((a, b) => compareStrings(a.region, b.region)),
  };
}
