/** Policy-wide facts the region planners share, computed once per plan. */
import type { Policy } from '../types/policy.js';
import type { EmptyEntries } from './empty-entries.js';
import type { ResolvedTarget } from './resolve-targets.js';

export interface PlanContext {
  readonly policy: Policy;
  readonly targets: ReadonlyMap<string, ResolvedTarget>;
  /** ENIs the policy uses as targets: never sources, even before their target exists. */
  readonly policyTargetInterfaces: ReadonlySet<string>;
  /** `existing` target id → its key, so references to it read as the policy's name for it. */
  readonly existingTargetKeys: ReadonlyMap<string, string>;
  readonly excludedInstances: ReadonlySet<string>;
  readonly excludedInterfaces: ReadonlySet<string>;
  readonly entryIndexByKey: ReadonlyMap<string, number>;
  /** Region → instance id → why it is a sensor behind one of the policy's NLB targets (never tapped). */
  readonly sensors: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Entries that match nothing whose sessions the run may delete (`allowEmptyEntries`); otherwise empty. */
  readonly deletableEmptyEntries: EmptyEntries;
  /** `--cleanup-legacy-tags`: the other tool's markers go from what is adopted, and from what was adopted before. */
  readonly cleanupLegacyTags: boolean;
}

export function planContext(
  policy: Policy,
  targets: ReadonlyMap<string, ResolvedTarget>,
  sensors: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map(),
  deletableEmptyEntries: EmptyEntries = new Map(),
  cleanupLegacyTags = false,
): PlanContext {
  const policyTargetInterfaces = new Set<string>();
  const existingTargetKeys = new Map<string, string>();
  for (const target of Object.values(policy.targets)) {
    if (target.spec.kind === 'network-interface') policyTargetInterfaces.add(target.spec.networkInterfaceId);
  }
  for (const target of targets.values()) {
    if (target.existingId !== undefined) existingTargetKeys.set(target.existingId, target.key);
    for (const member of target.members ?? []) policyTargetInterfaces.add(member.networkInterfaceId);
  }
  return {
    policy,
    targets,
    policyTargetInterfaces,
    existingTargetKeys,
    excludedInstances: new Set(policy.exclude.instanceIds),
    excludedInterfaces: new Set(policy.exclude.networkInterfaceIds),
    entryIndexByKey: new Map(policy.vpcs.map((entry, position) => [entry.key, position])),
    sensors,
    deletableEmptyEntries,
    cleanupLegacyTags,
  };
}
