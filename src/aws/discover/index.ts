/**
 * Discovery: observes the account, region by region, and returns the planner's `ObservedAccount`.
 * Regions are read in parallel (EC2 rate limits are per region) and, inside a region, every independent
 * Describe too. It fails closed: one failed read rejects the whole discovery and stops the other reads.
 */
import { setMaxListeners } from 'node:events';
import { UserError } from '../../core/errors.js';
import type { ObservedAccount } from '../../core/types/observed.js';
import type { Policy } from '../../core/types/policy.js';
import type { AwsClients } from '../clients.js';
import { compare } from './fields.js';
import type { SharedInstanceTypes } from './instance-types.js';
import { mapLimited } from './limit.js';
import type { DiscoveryProgress } from './pages.js';
import { discoverRegion } from './region.js';

export type { DiscoveryProgress } from './pages.js';

export interface DiscoverOptions {
  readonly regions: readonly string[];
  readonly onProgress?: (event: DiscoveryProgress) => void;
  /** Regions discovered at the same time. Default: all of them. */
  readonly concurrency?: number;
  /**
   * Network Load Balancers to read (the policy's NLB targets), each in the region its ARN names when that
   * region is discovered: their listeners and registered targets feed the planner's safety checks.
   */
  readonly loadBalancerArns?: readonly string[];
  /**
   * The planned policy: the ELBv2 resources mirrorctl made are found by their tags, and this policy's own
   * are read in detail (its managed load balancers, also those it no longer lists, which it must delete).
   * With `policy`, only in the regions where they can be (region.ts).
   */
  readonly policyName?: string;
  /** A destroy reads the ELBv2 resources of every region: it deletes whatever the policy made. */
  readonly mode?: 'converge' | 'destroy';
  /** Read the regions' subnets (a managed load balancer is placed in them). */
  readonly subnets?: boolean;
  /**
   * The policy a plan will be made for: where its entries select some of a region's VPCs, discovery reads
   * only what the planner can meet there (region.ts). Without it, every region is read whole.
   */
  readonly policy?: Policy;
  /**
   * The caller's account (STS). Without it, the account is read from a reservation or an interface; with a
   * policy a region may have no instance to read at all, and the planner tells other accounts' resources apart
   * by this account.
   */
  readonly accountId?: string;
  /** Instance-type facts already read in this run (by other accounts' discoveries), and where to add them. */
  readonly instanceTypes?: SharedInstanceTypes;
}

export async function discover(clients: AwsClients, options: DiscoverOptions): Promise<ObservedAccount> {
  const regions = [...new Set(options.regions)].sort(compare);
  if (regions.length === 0) {
    throw new UserError('No AWS region to discover.', { hint: 'pass --region or set regions in the policy' });
  }
  const concurrency = options.concurrency ?? regions.length;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`discover: concurrency must be a positive integer, got ${concurrency}`);
  }
  const stop = new AbortController();
  // Every page request listens on this one signal: many concurrent reads are expected, not a leak.
  setMaxListeners(0, stop.signal);
  const results = await mapLimited(regions, concurrency, async (region) => {
    try {
      // Regions not started yet when another failed are not started at all.
      stop.signal.throwIfAborted();
      const client = clients.ec2(region);
      const arns = (options.loadBalancerArns ?? []).filter((arn) => arnRegion(arn) === region);
      return await discoverRegion(
        client,
        {
          region,
          // Typed as always set, but unset unless the caller chose a profile.
          profile: client.config.profile as string | undefined,
          signal: stop.signal,
          onProgress: options.onProgress,
          totals: new Map(),
        },
        arns.length === 0 ? undefined : { client: clients.elbv2(region), arns },
        options.policy,
        options.policyName === undefined
          ? undefined
          : {
              client: clients.elbv2(region),
              policyName: options.policyName,
              subnets: options.subnets === true,
              always: options.mode === 'destroy' || options.policy === undefined || placesLoadBalancerIn(options.policy, region),
            },
        options.instanceTypes,
      );
    } catch (error) {
      // The first failure decides the outcome; the reads still in flight would only cost API calls.
      stop.abort();
      throw error;
    }
  });
  const accountId = options.accountId ?? results.find((result) => result.accountId !== undefined)?.accountId;
  return {
    ...(accountId === undefined ? {} : { accountId }),
    regions: results.map((result) => result.observed),
  };
}

/** A managed load balancer the policy places in `region`, or places it does not say where (found by its subnets). */
const placesLoadBalancerIn = (policy: Policy, region: string): boolean =>
  Object.values(policy.targets).some((target) => target.spec.kind === 'managed-load-balancer' && (target.region === undefined || target.region === region));

/** arn:PARTITION:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/net/NAME/ID */
function arnRegion(arn: string): string | undefined {
  return arn.split(':')[3];
}
