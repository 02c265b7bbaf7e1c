/**
 * Converging the managed load balancers of one region: for each managed target placed here, its internal
 * Network Load Balancer, its UDP 4789 target group, the listener between them and one registration per
 * sensor; and the deletion of what this policy owns here that no target wants any more. Settings ELBv2
 * changes in place are updates (zones added, attributes, health check, registrations); the others force a
 * replacement, built beside the old one (new names) before it goes.
 */
import { listenerKey, loadBalancerKey, registrationId, registrationKey, targetGroupKey, targetKey } from '../../keys.js';
import { ownershipTags } from '../../ownership.js';
import type { ObservedManagedLoadBalancer, ObservedManagedTargetGroup } from '../../types/observed.js';
import type {
  AttributeChange,
  DesiredLoadBalancer,
  DesiredTarget,
  DesiredTargetGroup,
  DesiredTargetRegistration,
  PlanAction,
  PlanWarning,
  ResourceRef,
} from '../../types/plan.js';
import type { ManagedLoadBalancerSpec, PolicyTarget } from '../../types/policy.js';
import { change, createAction, deleteAction, replaceAction, sameValue, updateAction } from '../actions.js';
import type { PlanContext } from '../context.js';
import type { RegionIndex } from '../observed-index.js';
import { orphanKeys, pickPrimary } from '../owned-match.js';
import { compareStrings, listSome } from '../util.js';
import { loadBalancerName, targetGroupName } from './names.js';
import { placeLoadBalancer, type Placement } from './placement.js';
import { selectSensors, type Sensor } from './sensors.js';
import { listenerAsDesired, loadBalancerAsDesired, registrationAsDesired, targetGroupAsDesired, VXLAN_PORT } from './shapes.js';

export interface ManagedPlan {
  readonly actions: readonly PlanAction[];
  readonly warnings: readonly PlanWarning[];
  /** Target name → the mirror target it needs: on the load balancer by ARN when it stays, by key when it is new. */
  readonly targets: ReadonlyMap<string, DesiredTarget>;
  /** Target name → the sensors it registers (for the health warnings). */
  readonly sensors: ReadonlyMap<string, readonly Sensor[]>;
}

interface Managed {
  readonly target: PolicyTarget;
  readonly spec: ManagedLoadBalancerSpec;
  readonly placement: Placement;
}

const VXLAN_PROTOCOLS = new Set(['UDP', 'TCP_UDP']);
/** A load balancer mirrorctl makes is always internal: mirrored traffic never leaves the VPCs. */
const SCHEME = 'internal';

class Collector {
  readonly actions: PlanAction[] = [];
  readonly warnings: PlanWarning[] = [];
  constructor(readonly index: RegionIndex) {}

  parts(type: PlanAction['type'], key: string, reason: string) {
    return { region: this.index.region, type, key, reason };
  }
}

/** The managed targets placed in this region, each with where its load balancer goes. */
function managedHere(ctx: PlanContext, index: RegionIndex): Managed[] {
  const found: Managed[] = [];
  for (const target of Object.values(ctx.policy.targets).sort((a, b) => compareStrings(a.name, b.name))) {
    if (target.spec.kind !== 'managed-load-balancer') continue;
    const resolved = ctx.targets.get(target.name);
    if (resolved?.region !== index.region || resolved.unavailable !== undefined) continue;
    const placed = placeLoadBalancer(target.spec.placement, index);
    if (placed.ok) found.push({ target, spec: target.spec, placement: placed.placement });
  }
  return found;
}

/** What no in-place call can change on an existing load balancer, against what the policy wants. */
function loadBalancerReplacements(observed: ObservedManagedLoadBalancer, desired: Omit<DesiredLoadBalancer, 'name'>): AttributeChange[] {
  const forced: AttributeChange[] = [];
  const before = loadBalancerAsDesired(observed);
  if (observed.vpcId !== desired.vpcId) forced.push(change('vpcId', observed.vpcId, desired.vpcId, true));
  if (observed.scheme !== SCHEME) forced.push(change('scheme', observed.scheme, SCHEME, true));
  const dropped = before.subnets.filter((subnet) => !desired.subnets.includes(subnet));
  if (dropped.length > 0) forced.push(change('subnets', before.subnets, desired.subnets, true));
  if (!sameValue(before.securityGroups, desired.securityGroups)) {
    forced.push(change('securityGroups', before.securityGroups, desired.securityGroups, true));
  }
  return forced;
}

function replacementReason(forced: readonly AttributeChange[]): string {
  const why = forced.map((item) => {
    switch (item.attribute) {
      case 'subnets':
        return 'a subnet is removed or moved to another zone, which mirrorctl does not do in place';
      case 'securityGroups':
        return 'security groups are set only when a load balancer is created';
      case 'scheme':
        return 'a load balancer cannot change its scheme';
      default:
        return 'a load balancer cannot move to another VPC';
    }
  });
  return [...new Set(why)].join('; ');
}

interface Chosen<T> {
  readonly ref: ResourceRef;
  /** The observed resource that stays (kept or updated). */
  readonly kept?: T;
  /** The observed resource a replacement takes the place of. */
  readonly replaced?: T;
}

function planLoadBalancer(ctx: PlanContext, out: Collector, managed: Managed): Chosen<ObservedManagedLoadBalancer> & { name: string } {
  const { index } = out;
  const name = managed.target.name;
  const key = loadBalancerKey(name);
  const candidates = index.ownedLoadBalancers.byKey.get(key) ?? [];
  const desiredBase = {
    kind: 'load-balancer' as const,
    vpcId: managed.placement.vpcId,
    subnets: stableSubnets(managed, candidates),
    securityGroups: managed.spec.securityGroups,
    crossZone: managed.spec.crossZone,
    deletionProtection: managed.spec.deletionProtection,
    tags: ownershipTags(ctx.policy.name, key),
  };
  const uses = (lb: ObservedManagedLoadBalancer): number => index.targetsByResource.get(`network-load-balancer ${lb.arn}`)?.length ?? 0;
  const { primary, duplicates } = pickPrimary(
    candidates.map((lb) => ({ ...lb, id: lb.arn })),
    (lb) => loadBalancerReplacements(lb, desiredBase).length === 0,
    uses,
  );
  for (const duplicate of duplicates) {
    if (!index.scope.mayChangeLoadBalancer(duplicate)) continue;
    const reason = `duplicate of ${primary?.arn ?? 'another load balancer'} (same key), left by an interrupted or concurrent run`;
    out.actions.push(deleteAction(out.parts('load-balancer', key, reason), duplicate.arn, loadBalancerAsDesired(duplicate), true));
  }
  if (primary === undefined) {
    const created: DesiredLoadBalancer = { ...desiredBase, name: loadBalancerName(ctx.policy.name, name) };
    out.actions.push(createAction(out.parts('load-balancer', key, `target ${name} is a managed Network Load Balancer`), created));
    return { ref: { key }, name: created.name };
  }
  const before = loadBalancerAsDesired(primary);
  const mayChange = index.scope.mayChangeLoadBalancer(primary);
  const forced = loadBalancerReplacements(primary, desiredBase);
  if (forced.length > 0 && mayChange) {
    const replacement: DesiredLoadBalancer = { ...desiredBase, name: loadBalancerName(ctx.policy.name, name, primary.arn) };
    const changes = [...forced, ...inPlaceChanges(before, desiredBase)];
    out.actions.push(replaceAction(out.parts('load-balancer', key, replacementReason(forced)), primary.arn, before, replacement, changes));
    return { ref: { key }, replaced: primary, name: replacement.name };
  }
  const after: DesiredLoadBalancer = { ...desiredBase, name: primary.name, subnets: forced.length > 0 ? before.subnets : desiredBase.subnets };
  const changes = forced.length > 0 ? [] : inPlaceChanges(before, desiredBase);
  if (changes.length > 0 && mayChange) {
    out.actions.push(updateAction(out.parts('load-balancer', key, `target ${name}'s load balancer settings changed`), primary.arn, before, after, changes));
  }
  if (primary.state !== 'active' && primary.state !== 'provisioning') {
    out.warnings.push({
      code: 'load-balancer-not-active',
      region: index.region,
      message: `target ${name}: load balancer ${primary.name} is ${primary.state}; mirrored traffic may not reach the sensors`,
    });
  }
  return { ref: { key, id: primary.arn }, kept: primary, name: primary.name };
}

/**
 * Placed by zones, a load balancer keeps the subnet it has in each zone: a subnet created later with a lower
 * id must not replace a working load balancer.
 */
function stableSubnets(managed: Managed, candidates: readonly ObservedManagedLoadBalancer[]): string[] {
  if (managed.spec.placement.kind !== 'zones') return managed.placement.subnets.map((subnet) => subnet.id);
  const current = new Map<string, string>();
  for (const lb of candidates) {
    if (lb.vpcId !== managed.placement.vpcId) continue;
    for (const zone of lb.zones) if (!current.has(zone.availabilityZone)) current.set(zone.availabilityZone, zone.subnetId);
  }
  return managed.placement.subnets.map((subnet) => current.get(subnet.availabilityZone) ?? subnet.id).sort(compareStrings);
}

/** Zones added, cross-zone, deletion protection, tags: what ELBv2 changes on a load balancer in place. */
function inPlaceChanges(before: DesiredLoadBalancer, desired: Omit<DesiredLoadBalancer, 'name'>): AttributeChange[] {
  const changes: AttributeChange[] = [];
  if (!sameValue(before.subnets, desired.subnets) && desired.subnets.length >= before.subnets.length) {
    changes.push(change('subnets', before.subnets, desired.subnets));
  }
  if (before.crossZone !== desired.crossZone) changes.push(change('crossZone', before.crossZone, desired.crossZone));
  if (before.deletionProtection !== desired.deletionProtection) {
    changes.push(change('deletionProtection', before.deletionProtection, desired.deletionProtection));
  }
  if (!sameValue(before.tags, desired.tags)) changes.push(change('tags', before.tags, desired.tags));
  return changes;
}

/** A target group's health check: what ELBv2 changes in place (ModifyTargetGroup), and the planner compares. */
export const HEALTH_ATTRIBUTES = [
  'healthCheckProtocol',
  'healthCheckPort',
  'healthCheckPath',
  'healthyThreshold',
  'unhealthyThreshold',
  'healthCheckIntervalSeconds',
  'healthCheckTimeoutSeconds',
] as const;

function planTargetGroup(
  ctx: PlanContext,
  out: Collector,
  managed: Managed,
  loadBalancer: Chosen<ObservedManagedLoadBalancer> & { name: string },
): Chosen<ObservedManagedTargetGroup> {
  const { index } = out;
  const name = managed.target.name;
  const key = targetGroupKey(name);
  const check = managed.spec.healthCheck;
  const desiredBase: Omit<DesiredTargetGroup, 'name'> = {
    kind: 'target-group',
    vpcId: managed.placement.vpcId,
    targetType: managed.spec.sensors.kind === 'ip' ? 'ip' : 'instance',
    healthCheckProtocol: check.protocol === 'http' ? 'HTTP' : 'TCP',
    healthCheckPort: check.port,
    ...(check.path === undefined ? {} : { healthCheckPath: check.path }),
    healthyThreshold: check.healthyThreshold,
    unhealthyThreshold: check.unhealthyThreshold,
    healthCheckIntervalSeconds: check.intervalSeconds,
    healthCheckTimeoutSeconds: check.timeoutSeconds,
    tags: ownershipTags(ctx.policy.name, key),
  };
  const forcedOf = (group: ObservedManagedTargetGroup): AttributeChange[] => {
    const forced: AttributeChange[] = [];
    if (group.vpcId !== desiredBase.vpcId) forced.push(change('vpcId', group.vpcId, desiredBase.vpcId, true));
    const before = targetGroupAsDesired(group);
    if (before.targetType !== desiredBase.targetType) forced.push(change('targetType', before.targetType, desiredBase.targetType, true));
    if (group.protocol !== 'UDP' || group.port !== VXLAN_PORT) {
      forced.push(change('protocol', `${group.protocol} ${group.port}`, `UDP ${VXLAN_PORT}`, true));
    }
    // A target group serves one load balancer: it cannot follow its load balancer to a replacement.
    const servesOther = group.loadBalancerArns.some((arn) => arn !== loadBalancer.ref.id);
    if (loadBalancer.ref.id === undefined ? group.loadBalancerArns.length > 0 : servesOther) {
      forced.push(change('loadBalancer', group.loadBalancerArns, loadBalancer.ref.id ?? null, true));
    }
    return forced;
  };
  const candidates = (index.ownedTargetGroups.byKey.get(key) ?? []).map((group) => ({ ...group, id: group.arn }));
  const { primary, duplicates } = pickPrimary(candidates, (group) => forcedOf(group).length === 0, (group) => group.targets.length);
  for (const duplicate of duplicates) {
    if (!index.scope.mayChangeTargetGroup(duplicate) || duplicate.loadBalancerArns.length > 0) continue;
    const reason = `duplicate of ${primary?.arn ?? 'another target group'} (same key), left by an interrupted or concurrent run`;
    out.actions.push(deleteAction(out.parts('target-group', key, reason), duplicate.arn, targetGroupAsDesired(duplicate), true));
  }
  if (primary === undefined) {
    const created: DesiredTargetGroup = { ...desiredBase, name: targetGroupName(ctx.policy.name, name, loadBalancer.name) };
    out.actions.push(createAction(out.parts('target-group', key, `the sensors of target ${name}, on UDP ${VXLAN_PORT}`), created));
    return { ref: { key } };
  }
  const before = targetGroupAsDesired(primary);
  const mayChange = index.scope.mayChangeTargetGroup(primary);
  const forced = forcedOf(primary);
  if (forced.length > 0 && mayChange) {
    const replacement: DesiredTargetGroup = { ...desiredBase, name: targetGroupName(ctx.policy.name, name, loadBalancer.name, primary.arn) };
    const why = forced.some((item) => item.attribute === 'loadBalancer')
      ? 'a target group serves one load balancer, and its load balancer is replaced'
      : `AWS cannot change a target group's ${forced.map((item) => item.attribute).join(', ')} in place`;
    out.actions.push(replaceAction(out.parts('target-group', key, why), primary.arn, before, replacement, [...forced, ...healthChanges(before, desiredBase)]));
    return { ref: { key }, replaced: primary };
  }
  const changes = forced.length > 0 ? [] : healthChanges(before, desiredBase);
  if (changes.length > 0 && mayChange) {
    const after: DesiredTargetGroup = { ...desiredBase, name: primary.name };
    const what = changes.some((item) => item.attribute !== 'tags') ? 'health check changed' : 'ownership tags changed';
    out.actions.push(updateAction(out.parts('target-group', key, `target ${name}'s ${what}`), primary.arn, before, after, changes));
  }
  return { ref: { key, id: primary.arn }, kept: primary };
}

function healthChanges(before: DesiredTargetGroup, desired: Omit<DesiredTargetGroup, 'name'>): AttributeChange[] {
  const changes: AttributeChange[] = [];
  for (const attribute of HEALTH_ATTRIBUTES) {
    if (!sameValue(before[attribute], desired[attribute])) changes.push(change(attribute, before[attribute], desired[attribute]));
  }
  if (!sameValue(before.tags, desired.tags)) changes.push(change('tags', before.tags, desired.tags));
  return changes;
}

function planListener(
  ctx: PlanContext,
  out: Collector,
  managed: Managed,
  loadBalancer: Chosen<ObservedManagedLoadBalancer>,
  group: Chosen<ObservedManagedTargetGroup>,
): void {
  const name = managed.target.name;
  const key = listenerKey(name);
  const desired = { kind: 'listener' as const, loadBalancer: loadBalancer.ref, targetGroup: group.ref, protocol: 'UDP' as const, port: VXLAN_PORT, tags: ownershipTags(ctx.policy.name, key) };
  const onPort = (lb: ObservedManagedLoadBalancer | undefined) => lb?.listeners.find((listener) => listener.port === VXLAN_PORT);
  const refOf = (arn: string | undefined): ResourceRef => ({ key: targetGroupKey(name), ...(arn === undefined ? {} : { id: arn }) });
  if (loadBalancer.kept === undefined) {
    const old = onPort(loadBalancer.replaced);
    if (old === undefined) {
      out.actions.push(createAction(out.parts('listener', key, `UDP ${VXLAN_PORT} carries the mirrored traffic to the sensors`), desired));
      return;
    }
    const before = listenerAsDesired(old, { key: loadBalancerKey(name), id: loadBalancer.replaced?.arn ?? '' }, refOf(old.targetGroupArn));
    const reason = 'its load balancer is replaced, and a listener belongs to one load balancer';
    out.actions.push(replaceAction(out.parts('listener', key, reason), old.arn, before, desired, [change('loadBalancer', before.loadBalancer, desired.loadBalancer, true)]));
    return;
  }
  const existing = onPort(loadBalancer.kept);
  if (existing === undefined) {
    const reason = `load balancer ${loadBalancer.kept.name} has no UDP ${VXLAN_PORT} listener, so AWS would mirror nothing to it`;
    out.actions.push(createAction(out.parts('listener', key, reason), desired));
    return;
  }
  if (!VXLAN_PROTOCOLS.has(existing.protocol)) {
    out.warnings.push({
      code: 'listener-protocol',
      region: out.index.region,
      message:
        `target ${name}: the listener on port ${VXLAN_PORT} of ${loadBalancer.kept.name} is ${existing.protocol}, not UDP: ` +
        'mirrored traffic does not reach the sensors; delete that listener and re-run apply',
    });
    return;
  }
  if (existing.targetGroupArn === group.ref.id) return;
  const before = listenerAsDesired(existing, loadBalancer.ref, refOf(existing.targetGroupArn));
  if (!out.index.scope.mayChangeLoadBalancer(loadBalancer.kept)) return;
  const reason = group.ref.id === undefined ? `target ${name}'s target group is replaced` : `the listener forwards elsewhere than target ${name}'s sensors`;
  out.actions.push(updateAction(out.parts('listener', key, reason), existing.arn, before, desired, [change('targetGroup', before.targetGroup, desired.targetGroup)]));
}

/** Running sensors are registered; one already registered stays while it is stopped (AWS keeps it, unhealthy). */
function planRegistrations(out: Collector, managed: Managed, group: Chosen<ObservedManagedTargetGroup>, sensors: readonly Sensor[]): void {
  const name = managed.target.name;
  const kept = group.kept;
  const registered = new Set(kept?.targets.map((target) => target.id) ?? []);
  const notRunning: string[] = [];
  const wanted = new Set<string>();
  for (const sensor of sensors) {
    const state = sensor.type === 'instance' ? sensor.instance?.state : undefined;
    const running = state === undefined || state === 'running' || state === 'pending';
    if (!running && !registered.has(sensor.id)) {
      notRunning.push(sensor.id);
      continue;
    }
    wanted.add(sensor.id);
    if (registered.has(sensor.id)) continue;
    const desired: DesiredTargetRegistration = {
      kind: 'target-registration',
      targetGroup: group.ref,
      targetId: sensor.id,
      targetType: sensor.type,
      ...(sensor.availabilityZone === undefined ? {} : { availabilityZone: sensor.availabilityZone }),
      tags: {},
    };
    const reason = `${sensor.id} is a sensor of target ${name}`;
    out.actions.push(createAction(out.parts('target-registration', registrationKey(name, sensor.id), reason), desired));
  }
  if (notRunning.length > 0) {
    out.warnings.push({
      code: 'sensor-not-running',
      region: out.index.region,
      message: `target ${name}: sensor ${listSome(notRunning)} is not running; ELBv2 registers running instances only, so it is registered once it runs`,
    });
  }
  if (kept === undefined || !out.index.scope.mayChangeTargetGroup(kept)) return;
  const seen = new Set<string>();
  for (const target of kept.targets) {
    if (wanted.has(target.id) || seen.has(target.id)) continue;
    seen.add(target.id);
    const reason = `${target.id} is no longer a sensor of target ${name}`;
    const before = registrationAsDesired(target, kept, group.ref);
    out.actions.push(deleteAction(out.parts('target-registration', registrationKey(name, target.id), reason), registrationId(kept.arn, target.id), before));
  }
}

function mirrorTarget(ctx: PlanContext, managed: Managed, loadBalancer: ResourceRef): DesiredTarget {
  const resolved = ctx.targets.get(managed.target.name)?.desired;
  return {
    kind: 'target',
    ...(loadBalancer.id === undefined ? {} : { networkLoadBalancerArn: loadBalancer.id }),
    loadBalancer,
    description: resolved?.description ?? '',
    tags: resolved?.tags ?? ownershipTags(ctx.policy.name, targetKey(managed.target.name)),
  };
}

/** The name a key of this policy's managed resources belongs to: `load-balancer/NAME` → NAME. */
const nameOf = (key: string): string => key.slice(key.indexOf('/') + 1);

function orphanReason(ctx: PlanContext, name: string): string {
  const target = ctx.policy.targets[name];
  if (target === undefined) return `target ${name} is no longer in the policy`;
  if (target.spec.kind !== 'managed-load-balancer') return `target ${name} is no longer a managed load balancer`;
  const resolved = ctx.targets.get(name);
  if (resolved?.unavailable !== undefined) return `target ${name} cannot be placed: ${resolved.unavailable}`;
  return `target ${name} now belongs in ${resolved?.region ?? 'another region'}`;
}

/**
 * Deletes what this policy owns here and no target wants: the listeners of its load balancers first, then
 * its target groups (their registrations go with them) and its load balancers (deletion protection is turned
 * off first: the policy removes what it made). The mirror target on it is deleted by the target planner.
 */
function deleteManaged(out: Collector, wantedNames: ReadonlySet<string>, reasonOf: (name: string) => string): void {
  const { index } = out;
  const lbKeys = orphanKeys(index.ownedLoadBalancers.byKey, new Set([...wantedNames].map(loadBalancerKey)));
  for (const key of lbKeys) {
    const name = nameOf(key);
    for (const [position, lb] of (index.ownedLoadBalancers.byKey.get(key) ?? []).entries()) {
      if (!index.scope.mayChangeLoadBalancer(lb)) continue;
      const reason = reasonOf(name);
      for (const listener of lb.listeners) {
        const before = listenerAsDesired(listener, { key, id: lb.arn }, { key: targetGroupKey(name), ...(listener.targetGroupArn === undefined ? {} : { id: listener.targetGroupArn }) });
        out.actions.push(deleteAction(out.parts('listener', listenerKey(name), reason), listener.arn, before, position > 0 || listener !== lb.listeners[0]));
      }
      out.actions.push(deleteAction(out.parts('load-balancer', key, reason), lb.arn, loadBalancerAsDesired(lb), position > 0));
    }
  }
  const groupKeys = orphanKeys(index.ownedTargetGroups.byKey, new Set([...wantedNames].map(targetGroupKey)));
  for (const key of groupKeys) {
    for (const [position, group] of (index.ownedTargetGroups.byKey.get(key) ?? []).entries()) {
      if (!index.scope.mayChangeTargetGroup(group)) continue;
      out.actions.push(deleteAction(out.parts('target-group', key, reasonOf(nameOf(key))), group.arn, targetGroupAsDesired(group), position > 0));
    }
  }
  for (const stray of [...index.ownedLoadBalancers.strays, ...index.ownedTargetGroups.strays]) {
    const isLoadBalancer = 'zones' in stray;
    if (isLoadBalancer ? !index.scope.mayChangeLoadBalancer(stray) : !index.scope.mayChangeTargetGroup(stray as ObservedManagedTargetGroup)) continue;
    const reason = `owned by policy ${index.scope.policyName} but its mirrorctl:key tag is missing or not a ${isLoadBalancer ? 'load balancer' : 'target group'} key`;
    const action = isLoadBalancer
      ? deleteAction(out.parts('load-balancer', stray.arn, reason), stray.arn, loadBalancerAsDesired(stray))
      : deleteAction(out.parts('target-group', stray.arn, reason), stray.arn, targetGroupAsDesired(stray as ObservedManagedTargetGroup));
    out.actions.push(action);
  }
}

export function planManaged(ctx: PlanContext, index: RegionIndex): ManagedPlan {
  const out = new Collector(index);
  const targets = new Map<string, DesiredTarget>();
  const sensorsByTarget = new Map<string, readonly Sensor[]>();
  const wanted = new Set<string>();
  for (const managed of managedHere(ctx, index)) {
    const name = managed.target.name;
    wanted.add(name);
    const selection = selectSensors(name, managed.spec, managed.placement.vpcId, index);
    out.warnings.push(...selection.warnings);
    sensorsByTarget.set(name, selection.sensors);
    const loadBalancer = planLoadBalancer(ctx, out, managed);
    const group = planTargetGroup(ctx, out, managed, loadBalancer);
    planListener(ctx, out, managed, loadBalancer, group);
    planRegistrations(out, managed, group, selection.sensors);
    targets.set(name, mirrorTarget(ctx, managed, loadBalancer.ref));
  }
  deleteManaged(out, wanted, (name) => orphanReason(ctx, name));
  return { actions: out.actions, warnings: out.warnings, targets, sensors: sensorsByTarget };
}

/** `mode: destroy`: every managed resource this policy owns here goes. */
export function destroyManaged(index: RegionIndex, reason: string): PlanAction[] {
  const out = new Collector(index);
  deleteManaged(out, new Set(), () => reason);
  return out.actions;
}
