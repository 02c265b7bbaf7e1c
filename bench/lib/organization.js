/**
 * A generated organization (src/sandbox/generate/organization.ts), its policy and a simulator serving it,
 * with the caller's account opened as the CLI opens it. Built from the scenario's parameters and a seed.
 */
import { createAwsClients } from '../../dist/aws/clients.js';
import { loadPolicyFromString } from '../../dist/policy/load.js';
import { createSandbox, generateOrganization, generateOrganizationPolicy } from '../../dist/sandbox/index.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'eu-central-1'];

/**
 * @param {{seed: number, accounts: number, regions: number, instancesPerRegion: number, mirrored: boolean, selectVpcs?: 'tags' | 'ids'}} params
 * @param {object} sandboxOptions createSandbox's options (throttling, latency)
 */
export function buildOrganization(params, sandboxOptions) {
  const file = generateOrganization({
    seed: params.seed,
    accounts: params.accounts,
    regions: REGIONS.slice(0, params.regions),
    instancesPerRegion: params.instancesPerRegion,
    mirrored: params.mirrored,
    ...(params.selectVpcs === undefined ? {} : { selectVpcs: params.selectVpcs }),
  });
  const policyText = generateOrganizationPolicy(file, { seed: params.seed, ...(params.selectVpcs === undefined ? {} : { selectVpcs: params.selectVpcs }) });
  const { policy, diagnostics } = loadPolicyFromString(policyText, 'bench-organization.yaml');
  if (policy === undefined) throw new Error(`the generated policy does not load: ${diagnostics.map((d) => d.message).join('; ')}`);
  const sandbox = createSandbox(file, sandboxOptions);
  const caller = {
    readers: createAwsClients({ sandbox }),
    writers: createAwsClients({ sandbox, maxAttempts: 1 }),
    sandbox: { instance: sandbox, path: 'bench-organization.json' },
  };
  const shape = {
    accounts: params.accounts,
    regions: params.regions,
    instances: params.accounts * params.regions * params.instancesPerRegion,
    interfaces: params.accounts * params.regions * params.instancesPerRegion,
  };
  return { sandbox, caller, loaded: { policy, warnings: [], hash: 'bench' }, shape };
}

/**
 * Calls of the run by kind: the caller's (identity, Organizations pages, AssumeRole), each account's look at
 * the regions the policy does not list (DescribeRegions, then 3 tag-filtered reads in each other enabled
 * region: the sandbox enables only the file's regions, so here DescribeRegions alone), the instance-type
 * facts (AWS's, read once a region for every account of the run), and each account's discovery.
 */
export function callFigures(sandbox, shape) {
  const byAction = { ...sandbox.calls.byAction };
  const organizationPages = (byAction.ListAccounts ?? 0) + (byAction.ListAccountsForParent ?? 0) + (byAction.ListOrganizationalUnitsForParent ?? 0);
  const assumeRole = byAction.AssumeRole ?? 0;
  const identity = byAction.GetCallerIdentity ?? 0;
  const unlistedRegionLook = byAction.DescribeRegions ?? 0;
  const instanceTypes = byAction.DescribeInstanceTypes ?? 0;
  const calls = sandbox.calls.total();
  // Discovery and whatever else the accounts ask (an alias, their identity) per account and region.
  const perAccountRegion = (calls - organizationPages - assumeRole - identity - unlistedRegionLook - instanceTypes) / (shape.accounts * shape.regions);
  const elb = ['DescribeLoadBalancers', 'DescribeTargetGroups', 'DescribeTags'].reduce((sum, action) => sum + (byAction[action] ?? 0), 0);
  const elbPerAccountRegion = elb / (shape.accounts * shape.regions);
  return { calls, byAction, organizationPages, assumeRole, identity, unlistedRegionLook, instanceTypes, perAccountRegion, elbPerAccountRegion };
}
