/**
 * The sensors behind a managed load balancer, from the policy and what was observed: instance ids, instances
 * of the load balancer's VPC carrying the sensor tags, or IP addresses. Every instance that is, or may be, a
 * sensor is also returned for the loop guard: tapping a sensor mirrors the mirror.
 */
import type { ObservedInstance } from '../../types/observed.js';
import type { PlanWarning } from '../../types/plan.js';
import type { ManagedLoadBalancerSpec } from '../../types/policy.js';
import type { RegionIndex } from '../observed-index.js';
import { compareStrings, formatTags, hasAllTags, listSome } from '../util.js';
import { placeLoadBalancer } from './placement.js';

export interface Sensor {
  /** An instance id or an IP address: what the target group registers. */
  readonly id: string;
  readonly type: 'instance' | 'ip';
  readonly availabilityZone?: string;
  /** The instance (for IP sensors, the one the address belongs to, when observed). */
  readonly instance?: ObservedInstance;
}

export interface SensorSelection {
  /** Sorted by id; instances of any state (the planner decides which it may register). */
  readonly sensors: readonly Sensor[];
  readonly warnings: readonly PlanWarning[];
}

function ipSensors(ipAddresses: readonly string[], vpcId: string, index: RegionIndex): Sensor[] {
  const byIp = new Map<string, { availabilityZone?: string; instanceId?: string }>();
  for (const eni of index.interfaceById.values()) {
    if (eni.vpcId !== vpcId) continue;
    for (const ip of eni.privateIpAddresses ?? []) {
      byIp.set(ip, {
        ...(eni.availabilityZone === undefined ? {} : { availabilityZone: eni.availabilityZone }),
        ...(eni.attachment?.instanceId === undefined ? {} : { instanceId: eni.attachment.instanceId }),
      });
    }
  }
  return ipAddresses.map((ip) => {
    const found = byIp.get(ip);
    const instance = found?.instanceId === undefined ? undefined : index.instanceById.get(found.instanceId);
    return {
      id: ip,
      type: 'ip' as const,
      ...(found?.availabilityZone === undefined ? {} : { availabilityZone: found.availabilityZone }),
      ...(instance === undefined ? {} : { instance }),
    };
  });
}

export function selectSensors(targetName: string, spec: ManagedLoadBalancerSpec, vpcId: string, index: RegionIndex): SensorSelection {
  const selection = spec.sensors;
  if (selection.kind === 'ip') return { sensors: ipSensors(selection.ipAddresses, vpcId, index), warnings: [] };
  const warnings: PlanWarning[] = [];
  const chosen = new Map<string, ObservedInstance>();
  const missing: string[] = [];
  const elsewhere: string[] = [];
  for (const id of selection.instanceIds) {
    const instance = index.instanceById.get(id);
    if (instance === undefined) missing.push(id);
    else if (instance.vpcId !== vpcId) elsewhere.push(id);
    else chosen.set(id, instance);
  }
  const tags = selection.tags;
  if (tags !== undefined) {
    for (const instance of index.instances) {
      if (instance.vpcId === vpcId && hasAllTags(instance.tags, tags)) chosen.set(instance.id, instance);
    }
  }
  if (missing.length > 0) {
    warnings.push({
      code: 'sensor-not-found',
      region: index.region,
      message: `target ${targetName}: sensor ${listSome(missing)} was not found in ${index.region}; it is not registered`,
    });
  }
  if (elsewhere.length > 0) {
    warnings.push({
      code: 'sensor-outside-vpc',
      region: index.region,
      message:
        `target ${targetName}: sensor ${listSome(elsewhere)} is not in ${vpcId}, the load balancer's VPC; ` +
        'a target group registers instances of its own VPC only, so it is not registered',
    });
  }
  if (chosen.size === 0 && missing.length === 0 && elsewhere.length === 0) {
    const by = tags === undefined ? '' : ` (tagged ${formatTags(tags)})`;
    warnings.push({
      code: 'no-sensors',
      region: index.region,
      message: `target ${targetName}: no sensor instance${by} was found in ${vpcId}: the load balancer has nothing to send mirrored traffic to`,
    });
  }
  const sensors = [...chosen.values()]
    .sort((a, b) => compareStrings(a.id, b.id))
    .map((instance): Sensor => ({
      id: instance.id,
      type: 'instance',
      ...(instance.availabilityZone === undefined ? {} : { availabilityZone: instance.availabilityZone }),
      instance,
    }));
  return { sensors, warnings };
}

/**
 * Instances never to tap because they are, or would be, this target's sensors: the selected ones, and every
 * instance of the region carrying the sensor tags (a sensor moved to another VPC is still a sensor).
 */
export function loopGuardInstances(targetName: string, spec: ManagedLoadBalancerSpec, vpcId: string | undefined, index: RegionIndex): Map<string, string> {
  const guard = new Map<string, string>();
  const note = (instanceId: string, why: string): void => {
    if (!guard.has(instanceId)) guard.set(instanceId, `instance ${instanceId} ${why} (mirroring it would loop)`);
  };
  const selection = spec.sensors;
  if (selection.kind === 'ip') {
    if (vpcId === undefined) return guard;
    for (const sensor of ipSensors(selection.ipAddresses, vpcId, index)) {
      if (sensor.instance !== undefined) note(sensor.instance.id, `is a sensor of target ${targetName}: ${sensor.id} is one of its addresses`);
    }
    return guard;
  }
  for (const id of selection.instanceIds) note(id, `is a sensor of target ${targetName}`);
  const tags = selection.tags;
  if (tags !== undefined) {
    for (const instance of index.instances) {
      if (hasAllTags(instance.tags, tags)) note(instance.id, `is a sensor of target ${targetName} (tagged ${formatTags(tags)})`);
    }
  }
  return guard;
}

/**
 * Region → instance id → why it must never be tapped, for every managed target whose region was observed:
 * the existing loop guard (`PlanContext.sensors`), fed from the policy itself.
 */
export function managedLoopGuard(
  targets: readonly { readonly name: string; readonly spec: ManagedLoadBalancerSpec; readonly region: string | undefined }[],
  indexes: readonly RegionIndex[],
): Map<string, Map<string, string>> {
  const guard = new Map<string, Map<string, string>>();
  for (const target of targets) {
    const index = indexes.find((candidate) => candidate.region === target.region);
    if (index === undefined) continue;
    const placed = placeLoadBalancer(target.spec.placement, index);
    const vpcId = placed.ok ? placed.placement.vpcId : undefined;
    const regionGuard = guard.get(index.region) ?? new Map<string, string>();
    for (const [instanceId, why] of loopGuardInstances(target.name, target.spec, vpcId, index)) {
      if (!regionGuard.has(instanceId)) regionGuard.set(instanceId, why);
    }
    guard.set(index.region, regionGuard);
  }
  return guard;
}
