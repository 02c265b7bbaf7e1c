/**
 * A zone whose sources have no healthy sensor to go to: with cross-zone load balancing the load balancer
 * sends their traffic to another zone (inter-AZ transfer is charged); without it the zone's node drops it,
 * and Traffic Mirroring keeps sending to that node anyway (§4.3). Only a target group that exists can say.
 */
import { targetGroupKey, targetKey } from '../../keys.js';
import type { PlanWarning } from '../../types/plan.js';
import type { PlanContext } from '../context.js';
import type { RegionIndex } from '../observed-index.js';
import type { PlannedSession } from '../session-state.js';
import { compareStrings, plural } from '../util.js';
import type { ManagedPlan } from './plan-managed.js';

export function sensorZoneWarnings(
  ctx: PlanContext,
  index: RegionIndex,
  managed: ManagedPlan,
  planned: readonly PlannedSession[],
): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  for (const name of [...managed.targets.keys()].sort(compareStrings)) {
    const group = index.ownedTargetGroups.byKey.get(targetGroupKey(name))?.find((item) => item.loadBalancerArns.length > 0);
    if (group === undefined) continue;
    const zoneOf = (id: string, zone: string | undefined): string | undefined => {
      if (zone !== undefined && zone !== 'all') return zone;
      const instance = index.instanceById.get(id);
      if (instance !== undefined) return instance.availabilityZone;
      return [...index.interfaceById.values()].find((eni) => eni.privateIpAddresses?.includes(id) === true)?.availabilityZone;
    };
    const healthy = new Set(
      group.targets.filter((target) => target.state === 'healthy').flatMap((target) => zoneOf(target.id, target.availabilityZone) ?? []),
    );
    const sourcesByZone = new Map<string, number>();
    const key = targetKey(name);
    for (const session of planned) {
      if (session.desired.target.key !== key) continue;
      const zone = index.interfaceById.get(session.desired.networkInterfaceId)?.availabilityZone;
      if (zone !== undefined) sourcesByZone.set(zone, (sourcesByZone.get(zone) ?? 0) + 1);
    }
    const crossZone = ctx.policy.targets[name]?.spec.kind === 'managed-load-balancer' && ctx.policy.targets[name].spec.crossZone;
    for (const [zone, sources] of [...sourcesByZone].sort(([a], [b]) => compareStrings(a, b))) {
      if (healthy.has(zone)) continue;
      const outcome = crossZone
        ? 'cross-zone load balancing sends their traffic to sensors in other zones (inter-AZ data transfer is charged)'
        : 'without cross-zone load balancing their traffic is dropped';
      warnings.push({
        code: 'no-healthy-sensor-in-zone',
        region: index.region,
        message: `target ${name}: no healthy sensor in ${zone}, where ${plural(sources, 'source')} ${sources === 1 ? 'is' : 'are'}: ${outcome}`,
      });
    }
  }
  return warnings;
}
