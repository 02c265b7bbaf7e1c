/**
 * A generated account, the policy that covers it, and a simulator serving it. Everything is built from the
 * scenario's parameters and a seed, so every run measures the same account.
 */
import { loadPolicyFromString } from '../../dist/policy/load.js';
import { createSandbox, generateAccount, generatePolicyFor } from '../../dist/sandbox/index.js';

// The generator names 8 regions by itself; it takes explicit names too, which is how growth reaches 10.
const REGIONS = [
  'us-east-1',
  'eu-west-1',
  'us-west-2',
  'eu-central-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'us-east-2',
  'sa-east-1',
  'ca-central-1',
  'eu-north-1',
];

/**
 * @param {{seed: number, regions: number, vpcsPerRegion: number, instances: number,
 *   interfacesPerInstance: number, unsupportedShare: number, mirroredShare: number}} params
 * @param {object} sandboxOptions createSandbox's options (throttling, latency, faults, consistency)
 */
export function buildAccount(params, sandboxOptions) {
  if (params.regions > REGIONS.length) throw new Error(`the bench names at most ${REGIONS.length} regions`);
  const file = generateAccount({
    seed: params.seed,
    regions: REGIONS.slice(0, params.regions),
    vpcsPerRegion: params.vpcsPerRegion,
    instances: params.instances,
    interfacesPerInstance: params.interfacesPerInstance,
    unsupportedShare: params.unsupportedShare,
    mirroredShare: params.mirroredShare,
    foreignShare: 0,
  });
  const { policy, diagnostics } = loadPolicyFromString(generatePolicyFor(file), 'bench-policy.yaml');
  if (policy === undefined) {
    throw new Error(`the generated policy does not load: ${diagnostics.map((d) => d.message).join('; ')}`);
  }
  return { sandbox: createSandbox(file, sandboxOptions), policy, shape: shapeOf(file) };
}

/** What the account holds, counted from the file rather than from what discovery returned. */
function shapeOf(file) {
  const regions = Object.values(file.regions);
  const instances = regions.flatMap((region) => region.instances ?? []);
  return {
    regions: regions.length,
    vpcs: regions.reduce((sum, region) => sum + (region.vpcs ?? []).length, 0),
    instances: instances.length,
    interfaces: instances.reduce((sum, instance) => sum + instance.interfaces.length, 0),
    sessions: regions.reduce((sum, region) => sum + (region.trafficMirrorSessions ?? []).length, 0),
  };
}
