/**
 * The list use case: what the policy owns, without planning. Per listed region, the three mirroring Describes
 * filtered server-side on the `mirrorctl:policy` tag key (every mirrorctl policy's resources, so others can be
 * marked); per unlisted region, what this policy left there (the same look plan takes). No instance or
 * interface is read: the cost is a few pages per region whatever the account's size.
 */
import { readTaggedMirroring } from '../aws/discover/owned-elsewhere.js';
import { buildInventory, type Inventory } from '../core/inventory.js';
import { POLICY_TAG } from '../core/ownership.js';
import { loadPolicyOrThrow, type Diagnostic } from '../policy/load.js';
import type { Account } from './account.js';
import { describeAccount, identifyCaller } from './identity.js';
import { lookElsewhere } from './owned-elsewhere.js';
import { selectRegions } from './plan.js';

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
}

export async function listOwned(request: ListRequest): Promise<ListRun> {
  const { policy, warnings } = await loadPolicyOrThrow(request.configPath);
  const regions = selectRegions(policy, request.regions);
  const { readers } = request.account;
  const identityRegion = regions[0] ?? '';
  const caller = await identifyCaller(readers, { region: identityRegion, policy, policyFile: request.configPath });
  const stop = new AbortController();
  const anyPolicy = [{ Name: 'tag-key', Values: [POLICY_TAG] }];
  const [account, listed, elsewhere] = await Promise.all([
    describeAccount(readers, caller, identityRegion),
    Promise.all(regions.map((region) => readTaggedMirroring(readers.ec2(region), region, anyPolicy, stop.signal))),
    // Only a whole-policy list looks beyond the listed regions, like a plan without --region.
    request.regions === undefined || request.regions.length === 0 ? lookElsewhere(readers, policy, 'converge') : { regions: [] },
  ]).catch((error: unknown) => {
    stop.abort();
    throw error;
  });
  const inventory = buildInventory({
    policyName: policy.name,
    accountId: caller.accountId,
    account,
    listedRegions: policy.regions,
    observed: [...listed, ...elsewhere.regions],
    sessionHourlyRates: policy.sessionHourlyRates,
  });
  return {
    inventory,
    policyWarnings: warnings,
    ...('failure' in elsewhere && elsewhere.failure !== undefined ? { elsewhereFailure: elsewhere.failure } : {}),
  };
}
