/**
 * Where each policy target lives and whether sessions can use it. Sessions cannot cross regions, so a target
 * whose region is unknown, or an `existing` target that was not observed, makes its entries skip interfaces.
 */
import { targetDescription } from '../descriptions.js';
import { targetKey } from '../keys.js';
import { ownershipTags } from '../ownership.js';
import type { DesiredTarget, PlanWarning } from '../types/plan.js';
import type { Policy, PolicyTarget } from '../types/policy.js';
import type { RegionIndex } from './observed-index.js';

export interface ResolvedTarget {
  readonly name: string;
  readonly key: string;
  readonly region?: string;
  /** Why no session can use this target, when that is so. */
  readonly unavailable?: string;
  /** Kind `existing`: the referenced AWS id; mirrorctl never creates, changes or deletes it. */
  readonly existingId?: string;
  /** Every other kind: the target mirrorctl creates and owns in `region`. */
  readonly desired?: DesiredTarget;
}

export interface TargetResolution {
  readonly byName: ReadonlyMap<string, ResolvedTarget>;
  readonly warnings: readonly PlanWarning[];
}

/** arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/net/<name>/<id> */
function arnRegion(arn: string): string | undefined {
  const region = arn.split(':')[3];
  return region === undefined || region === '' ? undefined : region;
}

function desiredTarget(policy: Policy, target: PolicyTarget): DesiredTarget | undefined {
  const common = {
    kind: 'target' as const,
    description: targetDescription(policy.name, target.name, target.description),
    tags: ownershipTags(policy.name, targetKey(target.name)),
  };
  switch (target.spec.kind) {
    case 'network-interface':
      return { ...common, networkInterfaceId: target.spec.networkInterfaceId };
    case 'network-load-balancer':
      return { ...common, networkLoadBalancerArn: target.spec.networkLoadBalancerArn };
    case 'gateway-load-balancer-endpoint':
      return { ...common, gatewayLoadBalancerEndpointId: target.spec.gatewayLoadBalancerEndpointId };
    case 'existing':
      return undefined;
  }
}

function locate(
  policy: Policy,
  target: PolicyTarget,
  indexes: readonly RegionIndex[],
): { region?: string; unavailable?: string; code?: string } {
  const spec = target.spec;
  const discovered = indexes.map((index) => index.region).join(', ') || 'none';
  switch (spec.kind) {
    case 'network-load-balancer': {
      const region = target.region ?? arnRegion(spec.networkLoadBalancerArn);
      if (region !== undefined) return { region };
      return {
        code: 'target-region-unknown',
        unavailable: `the region of target ${target.name} cannot be read from its load balancer ARN; add region: to the target`,
      };
    }
    case 'network-interface': {
      const eni = spec.networkInterfaceId;
      if (target.region !== undefined) {
        const index = indexes.find((candidate) => candidate.region === target.region);
        if (index === undefined || index.interfaceById.has(eni)) return { region: target.region };
        return {
          region: target.region,
          code: 'target-not-found',
          unavailable: `network interface ${eni} of target ${target.name} was not found in ${target.region}`,
        };
      }
      const region = indexes.find((index) => index.interfaceById.has(eni))?.region;
      if (region !== undefined) return { region };
      return {
        code: 'target-region-unknown',
        unavailable:
          `network interface ${eni} of target ${target.name} was not found in the discovered regions ` +
          `(${discovered}); add region: to the target`,
      };
    }
    case 'gateway-load-balancer-endpoint': {
      const only = policy.regions.length === 1 ? policy.regions[0] : undefined;
      const region = target.region ?? only;
      if (region !== undefined) return { region };
      return {
        code: 'target-region-unknown',
        unavailable:
          `target ${target.name} is a Gateway Load Balancer endpoint and the policy has several regions; ` +
          'add region: to the target',
      };
    }
    case 'existing': {
      const id = spec.trafficMirrorTargetId;
      if (target.region !== undefined) {
        const index = indexes.find((candidate) => candidate.region === target.region);
        if (index === undefined || index.targetById.has(id)) return { region: target.region };
        return {
          region: target.region,
          code: 'target-not-found',
          unavailable: `existing target ${id} (target ${target.name}) was not found in ${target.region}`,
        };
      }
      const region = indexes.find((index) => index.targetById.has(id))?.region;
      if (region !== undefined) return { region };
      return {
        code: 'target-not-found',
        unavailable: `existing target ${id} (target ${target.name}) was not found in the discovered regions (${discovered})`,
      };
    }
  }
}

export function resolveTargets(policy: Policy, indexes: readonly RegionIndex[]): TargetResolution {
  const byName = new Map<string, ResolvedTarget>();
  const warnings: PlanWarning[] = [];
  for (const target of Object.values(policy.targets)) {
    const located = locate(policy, target, indexes);
    const desired = desiredTarget(policy, target);
    byName.set(target.name, {
      name: target.name,
      key: targetKey(target.name),
      ...(located.region === undefined ? {} : { region: located.region }),
      ...(located.unavailable === undefined ? {} : { unavailable: located.unavailable }),
      ...(target.spec.kind === 'existing' ? { existingId: target.spec.trafficMirrorTargetId } : {}),
      ...(desired === undefined ? {} : { desired }),
    });
    if (located.unavailable !== undefined && located.code !== undefined) {
      warnings.push({
        code: located.code,
        message: `${located.unavailable}; interfaces of the vpcs entries that use it are skipped`,
        ...(located.region === undefined ? {} : { region: located.region }),
      });
    }
  }
  return { byName, warnings };
}
