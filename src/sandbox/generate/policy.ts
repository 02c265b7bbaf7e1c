/**
 * The policy that matches a generated account: one entry per VPC (by id), one NLB target per region (the
 * `sensors` load balancer), one all-traffic filter, and the usual sensor exclusion tag.
 */
import { stringify } from 'yaml';
import type { SandboxFile } from '../file/types.js';
import {
  GENERATED_FILTER_NAME,
  GENERATED_POLICY_NAME,
  GENERATED_RULES,
  generatedTargetName,
  SENSOR_LOAD_BALANCER_NAME,
} from './account.js';

export interface GeneratedPolicyOptions {
  /** Must equal the account's `policyName` for its owned resources to be recognised (default `generated`). */
  readonly policyName?: string;
}

export function generatePolicyFor(file: SandboxFile, options: GeneratedPolicyOptions = {}): string {
  const regions = Object.keys(file.regions);
  const targets: Record<string, { networkLoadBalancerArn: string }> = {};
  const vpcs: Record<string, string>[] = [];
  for (const region of regions) {
    const data = file.regions[region];
    const nlb = data?.loadBalancers?.find((lb) => lb.name === SENSOR_LOAD_BALANCER_NAME);
    if (!data || !nlb) throw new Error(`${region} has no '${SENSOR_LOAD_BALANCER_NAME}' load balancer: not a generated account`);
    targets[generatedTargetName(region)] = { networkLoadBalancerArn: nlb.arn };
    for (const vpc of data.vpcs ?? []) {
      vpcs.push({ id: vpc.id, target: generatedTargetName(region), filter: GENERATED_FILTER_NAME, interfaces: 'all' });
    }
  }
  const rules = GENERATED_RULES.map((rule) => ({ number: rule.number, action: 'accept', source: rule.source, destination: rule.destination }));
  const policy = {
    version: 1,
    name: options.policyName ?? GENERATED_POLICY_NAME,
    regions,
    targets,
    filters: { [GENERATED_FILTER_NAME]: { ingress: rules, egress: rules } },
    vpcs,
    exclude: { tags: { mirroring: 'excluded' } },
  };
  return stringify(policy, { lineWidth: 0, aliasDuplicateObjects: false });
}
