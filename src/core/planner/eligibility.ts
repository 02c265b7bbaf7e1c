/**
 * Which interfaces an entry selects, and why an interface can never be a mirror source. The same checks
 * explain deletions: an owned session is deleted with the reason its interface is no longer eligible.
 */
import { isSupportedSource } from '../support/index.js';
import type { ObservedInstance, ObservedNetworkInterface, ObservedVpc } from '../types/observed.js';
import type { SkipReason } from '../types/plan.js';
import type { Policy, PolicyVpcEntry } from '../types/policy.js';
import type { PlanContext } from './context.js';
import type { RegionIndex } from './observed-index.js';
import { compareStrings, formatTags, hasAllTags } from './util.js';

export interface Ineligibility {
  readonly reason: SkipReason;
  readonly detail: string;
}

export const entryAppliesTo = (entry: PolicyVpcEntry, region: string): boolean =>
  entry.regions === undefined || entry.regions.includes(region);

export function entrySelectsVpc(entry: PolicyVpcEntry, index: RegionIndex, vpcId: string): boolean {
  if (entry.selector.kind === 'id') return entry.selector.vpcId === vpcId;
  const vpc = index.vpcById.get(vpcId);
  return vpc !== undefined && hasAllTags(vpc.tags, entry.selector.tags);
}

export function entryVpcIds(entry: PolicyVpcEntry, index: RegionIndex): string[] {
  if (entry.selector.kind === 'id') return index.vpcById.has(entry.selector.vpcId) ? [entry.selector.vpcId] : [];
  const wanted = entry.selector.tags;
  return index.vpcs.filter((vpc) => hasAllTags(vpc.tags, wanted)).map((vpc) => vpc.id);
}

/**
 * The VPCs of `region` that some entry selects: the only ones whose instances a converge plans sessions for
 * (discovery reads instances of these alone when they are fewer than the region's). 'all' when they are all.
 */
export function selectedVpcIds(policy: Policy, region: string, vpcs: readonly ObservedVpc[]): ReadonlySet<string> | 'all' {
  const selected = new Set<string>();
  for (const entry of policy.vpcs) {
    if (!entryAppliesTo(entry, region)) continue;
    if (entry.selector.kind === 'id') selected.add(entry.selector.vpcId);
    else for (const vpc of vpcs) if (hasAllTags(vpc.tags, entry.selector.tags)) selected.add(vpc.id);
  }
  return vpcs.every((vpc) => selected.has(vpc.id)) ? 'all' : selected;
}

export const entrySelectsInstance = (entry: PolicyVpcEntry, instance: ObservedInstance): boolean =>
  entry.instanceTags === undefined || hasAllTags(instance.tags, entry.instanceTags);

export const entrySelectsInterface = (entry: PolicyVpcEntry, eni: ObservedNetworkInterface): boolean =>
  entry.interfaces === 'all' || eni.attachment?.deviceIndex === 0;

export const isRunning = (instance: ObservedInstance): boolean =>
  instance.state === 'running' || instance.state === 'pending';

function instanceExclusion(ctx: PlanContext, instance: ObservedInstance): Ineligibility | undefined {
  const policy = ctx.policy;
  if (ctx.excludedInstances.has(instance.id)) {
    return { reason: 'excluded-instance', detail: `instance ${instance.id} is excluded by id` };
  }
  const tagKey = Object.keys(policy.exclude.tags)
    .sort(compareStrings)
    .find((key) => instance.tags[key] !== undefined && instance.tags[key] === policy.exclude.tags[key]);
  if (tagKey !== undefined) {
    const pair = formatTags({ [tagKey]: policy.exclude.tags[tagKey] ?? '' });
    return { reason: 'excluded-tag', detail: `instance ${instance.id} is excluded by tag ${pair}` };
  }
  return undefined;
}

/** Why this interface can never be a source, whatever the entry; undefined when it can. */
export function ineligibility(
  ctx: PlanContext,
  index: RegionIndex,
  instance: ObservedInstance,
  eni: ObservedNetworkInterface,
): Ineligibility | undefined {
  const excluded = instanceExclusion(ctx, instance);
  if (excluded !== undefined) return excluded;
  if (ctx.excludedInterfaces.has(eni.id)) {
    return { reason: 'excluded-interface', detail: `interface ${eni.id} is excluded by id` };
  }
  if (eni.type !== 'interface') {
    return {
      reason: 'interface-type-not-supported',
      detail: `interface ${eni.id} is of type ${eni.type}; only type interface can be a mirror source`,
    };
  }
  if (eni.requesterManaged) {
    return {
      reason: 'requester-managed',
      detail: `interface ${eni.id} is managed by an AWS service (requester-managed); mirrorctl does not mirror those`,
    };
  }
  // Sources and targets may not share an ENI; the policy's own ENI targets count before they exist.
  if (index.targetInterfaceIds.has(eni.id) || ctx.policyTargetInterfaces.has(eni.id)) {
    return {
      reason: 'interface-is-mirror-target',
      detail: `interface ${eni.id} is a mirror target; mirroring it would loop`,
    };
  }
  const sensor = ctx.sensors.get(index.region)?.get(instance.id);
  if (sensor !== undefined) return { reason: 'interface-is-mirror-target', detail: sensor };
  if (!isSupportedSource(instance.type, ctx.policy.instanceSupport, index.typeFacts.get(instance.type))) {
    return {
      reason: 'unsupported-instance-type',
      detail: `instance ${instance.id} is a ${instance.type}, not a supported Traffic Mirroring source type`,
    };
  }
  return undefined;
}
