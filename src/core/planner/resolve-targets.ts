/**
 * Where each policy target lives and whether sessions can use it. Sessions cannot cross regions, so a target
 * whose region is unknown, or whose AWS resource (interface, load balancer, `existing` target) was not
 * observed, makes its entries skip interfaces.
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
  /** The AWS resource it names does not exist in what this run observed (its entries then match nothing). */
  readonly missing?: true;
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

interface Location {
  readonly region?: string;
  readonly unavailable?: string;
  readonly code?: string;
  readonly missing?: true;
}

/** How to word a target whose AWS id was not found, and which warning code it gets when no region holds it. */
interface Missing {
  readonly what: string;
  readonly nowhereCode: string;
  readonly nowhereHint?: string;
}

/**
 * A target named by an AWS id: in its stated region when it was seen there (or that region was not
 * discovered), otherwise in whichever discovered region holds it.
 */
function locateById(
  target: PolicyTarget,
  indexes: readonly RegionIndex[],
  holds: (index: RegionIndex) => boolean,
  missing: Missing,
): Location {
  if (target.region !== undefined) {
    const index = indexes.find((candidate) => candidate.region === target.region);
    if (index === undefined || holds(index)) return { region: target.region };
    const unavailable = `${missing.what} was not found in ${target.region}`;
    return { region: target.region, code: 'target-not-found', unavailable, missing: true };
  }
  const region = indexes.find(holds)?.region;
  if (region !== undefined) return { region };
  const discovered = indexes.map((index) => index.region).join(', ') || 'none';
  const unavailable = `${missing.what} was not found in the discovered regions (${discovered})${missing.nowhereHint ?? ''}`;
  return { code: missing.nowhereCode, unavailable, missing: true };
}

function locate(policy: Policy, target: PolicyTarget, indexes: readonly RegionIndex[]): Location {
  const spec = target.spec;
  switch (spec.kind) {
    case 'network-load-balancer': {
      const arn = spec.networkLoadBalancerArn;
      const region = target.region ?? arnRegion(arn);
      // Only ELBv2's own answer counts as missing (load-balancer-checks.ts warns nlb-not-found): a target whose
      // mirror target cannot be created is no target, and its existing sessions stay where they are.
      if (region !== undefined && indexes.find((index) => index.region === region)?.loadBalancerByArn.get(arn)?.notFound === true) {
        return { region, unavailable: `load balancer ${arn} of target ${target.name} was not found in ${region}`, missing: true };
      }
      if (region !== undefined) return { region };
      return {
        code: 'target-region-unknown',
        unavailable: `the region of target ${target.name} cannot be read from its load balancer ARN; add region: to the target`,
      };
    }
    case 'network-interface': {
      const eni = spec.networkInterfaceId;
      // The interface may be in a region that was not discovered: saying where fixes that.
      return locateById(target, indexes, (index) => index.interfaceById.has(eni), {
        what: `network interface ${eni} of target ${target.name}`,
        nowhereCode: 'target-region-unknown',
        nowhereHint: '; add region: to the target',
      });
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
      return locateById(target, indexes, (index) => index.targetById.has(id), {
        what: `existing target ${id} (target ${target.name})`,
        nowhereCode: 'target-not-found',
      });
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
      ...(located.missing === undefined ? {} : { missing: located.missing }),
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
