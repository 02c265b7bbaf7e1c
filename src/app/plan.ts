/**
 * The plan use case: policy → discovery → pure planner. Shared by `plan`, `apply` and `destroy`.
 */
import { discover, type DiscoveryProgress } from '../aws/discover/index.js';
import type { SharedInstanceTypes } from '../aws/discover/instance-types.js';
import { readCallerIdentity, type CallerIdentity } from '../aws/identity.js';
import { UserError } from '../core/errors.js';
import { planChanges } from '../core/planner/index.js';
import { parseSelector, targetPlan, type TargetSelector } from '../core/targeting.js';
import type { ObservedAccount } from '../core/types/observed.js';
import type { Plan } from '../core/types/plan.js';
import type { Policy } from '../core/types/policy.js';
import { REGION_PATTERN } from '../policy/ids.js';
import { loadPolicyOrThrow } from '../policy/load.js';
import type { Diagnostic } from '../policy/load.js';
import type { Account } from './account.js';
import { scopePolicyTo } from './accounts/policy-for-account.js';
import { checkPolicyPin, describeAccount } from './identity.js';
import { lookElsewhere, noteLookFailure, withElsewhere } from './owned-elsewhere.js';

export interface PlanRun {
  readonly policy: Policy;
  readonly policyFile: string;
  readonly policySha256: string;
  readonly policyWarnings: readonly Diagnostic[];
  readonly regions: readonly string[];
  readonly observed: ObservedAccount;
  readonly plan: Plan;
  /** The planner options that shaped `plan`: a saved plan carries them, so its apply plans the same way. */
  readonly options: PlanRunOptions;
}

export interface PlanRunOptions {
  readonly allowEmptyEntries: boolean;
  /** `--target`, sorted; empty: the whole policy. */
  readonly targets: readonly string[];
  /** Present (true) only when given: saved plans carry it only then. */
  readonly cleanupLegacyTags?: true;
}

export interface PlanRequest {
  readonly configPath: string;
  readonly account: Account;
  readonly mode: 'converge' | 'destroy';
  /** `--region`: a subset of the policy's regions (a destroy may also name regions the policy no longer lists). */
  readonly regions?: readonly string[];
  /** `--allow-empty-entries`: see PlanOptions in the planner. */
  readonly allowEmptyEntries?: boolean;
  /** `--target`: plan only the sessions of these entries, VPCs, instances or interfaces (src/core/targeting.ts). */
  readonly targets?: readonly string[];
  /**
   * `--target` over several accounts: the selectors of `targets` that concern this account (maybe none), parsed
   * against the whole policy. An id another account holds is not this account's to refuse.
   */
  readonly accountSelectors?: readonly TargetSelector[];
  /** `--cleanup-legacy-tags`: see PlanOptions in the planner. */
  readonly cleanupLegacyTags?: boolean;
  readonly onProgress?: (event: DiscoveryProgress) => void;
  /** The policy already loaded from `configPath` (a run over several accounts loads it once for all). */
  readonly loaded?: LoadedPolicy;
  /**
   * Who the credentials are, when already proven (a member account's AssumeRole named its role session):
   * no GetCallerIdentity; the policy's pin is still checked.
   */
  readonly identity?: CallerIdentity;
  /** The account is already named (Organizations listed it): its IAM alias is not read. */
  readonly named?: boolean;
  /** Instance-type facts shared by the accounts of one run. */
  readonly instanceTypes?: SharedInstanceTypes;
}

export interface LoadedPolicy {
  readonly policy: Policy;
  readonly warnings: readonly Diagnostic[];
  readonly hash: string;
}

export async function buildPlan(request: PlanRequest): Promise<PlanRun> {
  const file = request.loaded ?? (await loadPolicyOrThrow(request.configPath));
  // Before any AWS call: a mistyped --target is refused without reading the account.
  const selectors = request.accountSelectors ?? (request.targets ?? []).map((value) => parseSelector(value, file.policy));
  const targeted = request.accountSelectors !== undefined || selectors.length > 0;
  const regions = selectRegions(file.policy, request.regions, request.mode);
  const { readers } = request.account;
  // Before any other read: credentials for an account the policy is not pinned to must read nothing.
  const identityRegion = regions[0] ?? '';
  const pin = { policy: file.policy, policyFile: request.configPath };
  const caller = request.identity ?? (await readCallerIdentity(readers, identityRegion));
  checkPolicyPin(caller, pin);
  // The entries and targets of this account; every other step sees only them.
  const loaded = { ...file, policy: scopePolicyTo(file.policy, caller.accountId) };
  const [account, discovered, elsewhere] = await Promise.all([
    describeAccount(readers, caller, identityRegion, request.named !== true),
    discover(readers, {
      regions,
      loadBalancerArns: loadBalancerArnsOf(loaded.policy),
      policyName: loaded.policy.name,
      mode: request.mode,
      subnets: placesLoadBalancers(loaded.policy),
      policy: loaded.policy,
      accountId: caller.accountId,
      ...(request.instanceTypes === undefined ? {} : { instanceTypes: request.instanceTypes }),
      ...(request.onProgress === undefined ? {} : { onProgress: request.onProgress }),
    }),
    lookElsewhere(readers, loaded.policy, request.mode),
  ]);
  // STS's account, not discovery's guess from instance owners: a RAM owner with no instance must still know
  // that the sessions other accounts make on its target are theirs.
  const observed: ObservedAccount = { ...discovered, accountId: caller.accountId };
  const options: PlanRunOptions = {
    allowEmptyEntries: request.allowEmptyEntries === true,
    targets: [...new Set(request.targets ?? [])].sort(),
    ...(request.cleanupLegacyTags === true ? { cleanupLegacyTags: true } : {}),
  };
  const { targets: _targets, ...plannerOptions } = options;
  const whole = planChanges(loaded.policy, withElsewhere(observed, elsewhere), { mode: request.mode, regions, ...plannerOptions });
  const planned = !targeted
    ? whole
    : {
        ...targetPlan(whole, selectors, observed, loaded.policy, { refuseMissing: request.accountSelectors === undefined }),
        // Every account's plan says what the run was limited to, also where none of it concerns that account.
        ...(request.accountSelectors === undefined ? {} : { targets: options.targets }),
      };
  const plan = { ...noteLookFailure(planned, elsewhere), account };
  return {
    policy: loaded.policy,
    policyFile: request.configPath,
    policySha256: loaded.hash,
    policyWarnings: loaded.warnings,
    regions,
    observed,
    plan,
    options,
  };
}

/** The Network Load Balancers the policy's targets name: discovery reads their listeners and sensors. */
export function loadBalancerArnsOf(policy: Policy): string[] {
  return Object.values(policy.targets).flatMap((target) =>
    target.spec.kind === 'network-load-balancer' ? [target.spec.networkLoadBalancerArn] : [],
  );
}

/** Whether a target is a managed load balancer, which discovery must read the subnets for. */
export function placesLoadBalancers(policy: Policy): boolean {
  return Object.values(policy.targets).some((target) => target.spec.kind === 'managed-load-balancer');
}

/**
 * `--region` for a converge must name policy regions. A destroy may name any region: what the policy created
 * in a region it no longer lists still bills, and the planner deletes only what the policy owns there.
 */
const REGION_NAME = new RegExp(REGION_PATTERN);

export function selectRegions(
  policy: Policy,
  requested: readonly string[] | undefined,
  mode: 'converge' | 'destroy' = 'converge',
): readonly string[] {
  if (requested === undefined || requested.length === 0) return policy.regions;
  const unknown = requested.filter((region) => !policy.regions.includes(region));
  const malformed = unknown.filter((region) => !REGION_NAME.test(region));
  if (mode === 'destroy' && malformed.length > 0) {
    throw new UserError(`--region ${malformed.join(', ')} is not an AWS region name`, { hint: 'pass a region such as eu-west-1' });
  }
  if (mode === 'converge' && unknown.length > 0) {
    throw new UserError(`--region ${unknown.join(', ')} is not one of the policy's regions (${policy.regions.join(', ')})`, {
      hint:
        'add the region to `regions:` in the policy, or pass one of the listed regions; to remove what the policy ' +
        `left in a region it no longer lists, run mirrorctl destroy --region ${unknown[0] ?? 'REGION'}`,
    });
  }
  return [...new Set(requested)].sort();
}
