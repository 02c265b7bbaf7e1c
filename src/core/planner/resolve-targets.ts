/**
 * Where each policy target lives and whether sessions can use it. Sessions cannot cross regions, so a target
 * whose region is unknown, or whose AWS resource (interface, load balancer, `existing` target) was not
 * observed, makes its entries skip interfaces. AWS holds one target per NLB and per interface: when someone
 * else's target is already on the policy target's resource, sessions use that one instead of a target
 * mirrorctl could never create.
 */
import { targetDescription } from '../descriptions.js';
import { loadBalancerKey, targetKey } from '../keys.js';
import { ownershipTags } from '../ownership.js';
import type { Origin } from '../scope/index.js';
import type { ObservedTarget } from '../types/observed.js';
import type { DesiredTarget, PlanWarning } from '../types/plan.js';
import type { Policy, PolicyTarget } from '../types/policy.js';
import type { RegionIndex } from './observed-index.js';
import { holdsPlacement, placeLoadBalancer } from './managed/placement.js';
import { poolMembers, type PoolMember } from './pools/members.js';
import { describeTargetResource, targetResourceKey } from './target-resource.js';

export interface ResolvedTarget {
  readonly name: string;
  readonly key: string;
  readonly region?: string;
  /** Why no session can use this target, when that is so. */
  readonly unavailable?: string;
  /** The AWS resource it names does not exist in what this run observed (its entries then match nothing). */
  readonly missing?: true;
  /**
   * Kind `existing`, or a target someone else already has on this target's NLB, interface or endpoint: the
   * referenced AWS id; mirrorctl never creates, changes or deletes it.
   */
  readonly existingId?: string;
  /** Every other kind: the target mirrorctl creates and owns in `region`. */
  readonly desired?: DesiredTarget;
  /** An interface pool: the interface targets mirrorctl creates and owns in `region`, one per member. */
  readonly members?: readonly PoolMember[];
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
    case 'managed-load-balancer':
      // Its ARN is known once the load balancer exists: the region's planner of managed load balancers says.
      return { ...common, loadBalancer: { key: loadBalancerKey(target.name) } };
    case 'existing':
    case 'interface-pool':
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
    case 'managed-load-balancer': {
      const placement = spec.placement;
      const what =
        placement.kind === 'subnets'
          ? `subnet ${placement.subnetIds[0] ?? ''} of target ${target.name}`
          : `VPC ${placement.vpcId} of target ${target.name}`;
      const located = locateById(target, indexes, (index) => holdsPlacement(placement, index), {
        what,
        nowhereCode: 'target-region-unknown',
        nowhereHint: '; add region: to the target',
      });
      const index = indexes.find((candidate) => candidate.region === located.region);
      if (located.unavailable !== undefined || index === undefined) return located;
      const placed = placeLoadBalancer(placement, index);
      if (placed.ok) return located;
      return {
        ...located,
        code: 'load-balancer-placement',
        unavailable: `the load balancer of target ${target.name} cannot be placed: ${placed.problem}`,
        missing: true,
      };
    }
    case 'interface-pool': {
      if ('networkInterfaceIds' in spec) {
        const first = spec.networkInterfaceIds[0] ?? '';
        return locateById(target, indexes, (index) => spec.networkInterfaceIds.some((id) => index.interfaceById.has(id)), {
          what: `the interfaces of pool ${target.name} (${first}…)`,
          nowhereCode: 'target-region-unknown',
          nowhereHint: '; add region: to the target',
        });
      }
      const only = policy.regions.length === 1 ? policy.regions[0] : undefined;
      const region = target.region ?? only;
      if (region !== undefined) return { region };
      return {
        code: 'target-region-unknown',
        unavailable: `target ${target.name} is a pool of tagged sensors and the policy has several regions; add region: to the target`,
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

function madeBy(origin: Origin): string {
  switch (origin.kind) {
    case 'other-policy':
      return `made by the mirrorctl policy "${origin.policyName}"`;
    case 'adoptable':
      return "made by Vectra's traffic mirroring tool";
    default:
      return 'made by another tool or by hand';
  }
}

/**
 * A target of this account that is not this policy's, already on the resource `desired` sends to. Only when
 * the policy has none of its own there: then the planner keeps or re-keys its own. Another account's target
 * (shared through RAM) is never used this way: it cannot be on this account's NLB or interface.
 */
function occupant(index: RegionIndex | undefined, desired: DesiredTarget): ObservedTarget | undefined {
  const resource = targetResourceKey(desired);
  if (index === undefined || resource === undefined) return undefined;
  const present = (index.targetsByResource.get(resource) ?? []).filter(
    (target) => index.scope.targetOrigin(target).kind !== 'other-account',
  );
  return present.some((target) => index.scope.ours(target)) ? undefined : present[0];
}

function reuseWarning(target: PolicyTarget, found: ObservedTarget, index: RegionIndex): PlanWarning {
  return {
    code: 'existing-target-used',
    region: index.region,
    message:
      `target ${target.name}: ${found.id} already exists on ${describeTargetResource(found)} ` +
      `(${madeBy(index.scope.targetOrigin(found))}); AWS allows one target there, so sessions use it, ` +
      `and mirrorctl will never change or delete it; to say so in the policy (and no longer be warned), use ` +
      `trafficMirrorTargetId: ${found.id} for target ${target.name}`,
  };
}

export function resolveTargets(policy: Policy, indexes: readonly RegionIndex[]): TargetResolution {
  const byName = new Map<string, ResolvedTarget>();
  const warnings: PlanWarning[] = [];
  for (const target of Object.values(policy.targets)) {
    const located = locate(policy, target, indexes);
    const index = indexes.find((candidate) => candidate.region === located.region);
    const desired = desiredTarget(policy, target);
    const found = desired === undefined || located.unavailable !== undefined ? undefined : occupant(index, desired);
    const existingId = target.spec.kind === 'existing' ? target.spec.trafficMirrorTargetId : found?.id;
    const pool =
      target.spec.kind === 'interface-pool' && index !== undefined && located.unavailable === undefined
        ? poolMembers(policy, target, target.spec, index)
        : undefined;
    warnings.push(...(pool?.warnings ?? []));
    const emptyPool = pool !== undefined && pool.members.length === 0;
    byName.set(target.name, {
      name: target.name,
      key: targetKey(target.name),
      ...(located.region === undefined ? {} : { region: located.region }),
      ...(located.unavailable === undefined ? {} : { unavailable: located.unavailable }),
      ...(emptyPool ? { unavailable: `pool ${target.name} has no member in ${located.region ?? 'its region'}` } : {}),
      ...(located.missing === undefined && !emptyPool ? {} : { missing: true as const }),
      ...(existingId === undefined ? {} : { existingId }),
      ...(desired === undefined || found !== undefined ? {} : { desired }),
      ...(pool === undefined || emptyPool ? {} : { members: pool.members }),
    });
    if (found !== undefined && index !== undefined) warnings.push(reuseWarning(target, found, index));
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
