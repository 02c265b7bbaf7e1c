/**
 * A generated account, the policy that covers it, and a simulator serving it. Everything is built from the
 * scenario's parameters and a seed, so every run measures the same account.
 */
import { parse, stringify } from 'yaml';
import { createSandbox, generateAccount, generatePolicyFor } from '../../dist/sandbox/index.js';
import { loadPolicy } from './policy.js';

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
  const policyText = params.policyVpcs === undefined ? generatePolicyFor(file) : narrowPolicy(file, params.policyVpcs);
  return { sandbox: createSandbox(file, sandboxOptions), policy: loadPolicy(policyText), policyText, shape: shapeOf(file, params) };
}

/**
 * A policy that names only the first `count` VPCs of each region, in an account where only those are mirrored:
 * the other VPCs belong to other teams and carry no session of this policy, so the plan still has nothing to do.
 */
function narrowPolicy(file, count) {
  const named = new Set(Object.values(file.regions).flatMap((region) => (region.vpcs ?? []).slice(0, count).map((vpc) => vpc.id)));
  for (const region of Object.values(file.regions)) {
    const vpcOfSubnet = new Map((region.subnets ?? []).map((subnet) => [subnet.id, subnet.vpcId]));
    const vpcOfInterface = new Map(
      (region.instances ?? []).flatMap((instance) => instance.interfaces.map((eni) => [eni.id, vpcOfSubnet.get(instance.subnetId)])),
    );
    region.trafficMirrorSessions = (region.trafficMirrorSessions ?? []).filter((session) => named.has(vpcOfInterface.get(session.networkInterfaceId)));
  }
  const policy = parse(generatePolicyFor(file));
  policy.vpcs = policy.vpcs.filter((entry) => named.has(entry.id));
  return stringify(policy, { lineWidth: 0 });
}

/** What the account holds, counted from the file rather than from what discovery returned. */
function shapeOf(file, params) {
  const regions = Object.values(file.regions);
  const instances = regions.flatMap((region) => region.instances ?? []);
  return {
    regions: regions.length,
    vpcs: regions.reduce((sum, region) => sum + (region.vpcs ?? []).length, 0),
    ...(params.policyVpcs === undefined ? {} : { policyVpcs: params.policyVpcs * regions.length }),
    instances: instances.length,
    interfaces: instances.reduce((sum, instance) => sum + instance.interfaces.length, 0),
    sessions: regions.reduce((sum, region) => sum + (region.trafficMirrorSessions ?? []).length, 0),
  };
}
