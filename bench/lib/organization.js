/**
 * A generated organization (src/sandbox/generate/organization.ts), its policy and a simulator serving it,
 * with the caller's account opened as the CLI opens it. Built from the scenario's parameters and a seed.
 */
import { createAwsClients } from '../../dist/aws/clients.js';
import { loadPolicyFromString } from '../../dist/policy/load.js';
import { createSandbox, generateOrganization, generateOrganizationPolicy } from '../../dist/sandbox/index.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'eu-central-1'];

/**
 * @param {{seed: number, accounts: number, regions: number, instancesPerRegion: number, mirrored: boolean}} params
 * @param {object} sandboxOptions createSandbox's options (throttling, latency)
 */
export function buildOrganization(params, sandboxOptions) {
  const file = generateOrganization({
    seed: params.seed,
    accounts: params.accounts,
    regions: REGIONS.slice(0, params.regions),
    instancesPerRegion: params.instancesPerRegion,
    mirrored: params.mirrored,
  });
  const { policy, diagnostics } = loadPolicyFromString(generateOrganizationPolicy(file, { seed: params.seed }), 'bench-organization.yaml');
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

/** Calls of the run by kind: the caller's (identity, Organizations pages, AssumeRole) and each account's. */
export function callFigures(sandbox, shape) {
  const byAction = { ...sandbox.calls.byAction };
  const organizationPages = (byAction.ListAccounts ?? 0) + (byAction.ListAccountsForParent ?? 0) + (byAction.ListOrganizationalUnitsForParent ?? 0);
  const assumeRole = byAction.AssumeRole ?? 0;
  const calls = sandbox.calls.total();
  // The caller's own GetCallerIdentity is counted with the accounts' (each asks STS who it is): one call.
  const perAccountRegion = (calls - organizationPages - assumeRole - 1) / (shape.accounts * shape.regions);
  return { calls, byAction, organizationPages, assumeRole, perAccountRegion };
}
