/**
 * The members of an interface pool in its region: the listed interfaces, or the primary interface of every
 * running instance carrying the sensor tags. Each member is an interface target of its own (AWS holds one
 * target per interface), with its zone and how many sources AWS lets it take.
 */
import { targetDescription } from '../../descriptions.js';
import { poolMemberKey } from '../../keys.js';
import { ownershipTags } from '../../ownership.js';
import { sourcesPerEniTarget } from '../../support/index.js';
import type { DesiredTarget, PlanWarning } from '../../types/plan.js';
import type { InterfacePoolSpec, Policy, PolicyTarget } from '../../types/policy.js';
import type { RegionIndex } from '../observed-index.js';
import { compareStrings, formatTags, hasAllTags, listSome } from '../util.js';

export interface PoolMember {
  readonly key: string;
  readonly networkInterfaceId: string;
  readonly availabilityZone?: string;
  readonly instanceId?: string;
  /** Distinct source interfaces AWS accepts on this target: 10, or 100 on the largest instance types. */
  readonly limit: number;
  readonly desired: DesiredTarget;
}

export interface PoolMembers {
  readonly members: readonly PoolMember[];
  readonly warnings: readonly PlanWarning[];
}

const isRunning = (state: string | undefined): boolean => state === 'running' || state === 'pending';

export function poolMembers(policy: Policy, target: PolicyTarget, spec: InterfacePoolSpec, index: RegionIndex): PoolMembers {
  const warnings: PlanWarning[] = [];
  let interfaces: string[];
  if ('networkInterfaceIds' in spec) {
    const missing = spec.networkInterfaceIds.filter((id) => !index.interfaceById.has(id));
    if (missing.length > 0) {
      warnings.push({
        code: 'pool-member-not-found',
        region: index.region,
        message: `target ${target.name}: interface ${listSome(missing)} of the pool was not found in ${index.region}; the other members take its sources`,
      });
    }
    interfaces = spec.networkInterfaceIds.filter((id) => index.interfaceById.has(id));
  } else {
    const tags = spec.sensorTags;
    interfaces = index.instances
      .filter((instance) => hasAllTags(instance.tags, tags) && isRunning(instance.state))
      .flatMap((instance) => {
        const primary = (index.interfacesByInstance.get(instance.id) ?? []).find((eni) => eni.attachment?.deviceIndex === 0);
        return primary === undefined ? [] : [primary.id];
      });
    if (interfaces.length === 0) {
      warnings.push({
        code: 'pool-empty',
        region: index.region,
        message: `target ${target.name}: no running instance tagged ${formatTags(tags)} in ${index.region}, so the pool has no member`,
      });
    }
  }
  const members = [...new Set(interfaces)].sort(compareStrings).map((id): PoolMember => {
    const eni = index.interfaceById.get(id);
    const instanceId = eni?.attachment?.instanceId;
    const instanceType = index.instanceById.get(instanceId ?? '')?.type;
    const key = poolMemberKey(target.name, id);
    return {
      key,
      networkInterfaceId: id,
      ...(eni?.availabilityZone === undefined ? {} : { availabilityZone: eni.availabilityZone }),
      ...(instanceId === undefined ? {} : { instanceId }),
      limit: sourcesPerEniTarget(instanceType),
      desired: {
        kind: 'target',
        networkInterfaceId: id,
        description: `${targetDescription(policy.name, target.name, target.description)} ${id}`,
        tags: ownershipTags(policy.name, key),
      },
    };
  });
  return { members, warnings };
}
