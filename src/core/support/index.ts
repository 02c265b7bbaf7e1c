/**
 * Which EC2 instance types can be a Traffic Mirroring source, and how many sources an ENI target accepts.
 * DescribeInstanceTypes has no mirroring capability field, so the AWS user guide's lists are the authority;
 * they live in one dated data file so updating them is a data change, not a code change.
 */
import type { InstanceSupportOverrides } from '../types/policy.js';
import data from './supported-instance-types.json' with { type: 'json' };

const virtualizedFamilies: ReadonlySet<string> = new Set(data.virtualizedFamilies);
const bareMetalFamilies: ReadonlySet<string> = new Set(data.bareMetalFamilies);
const largeTargetTypes: ReadonlySet<string> = new Set(data.largeTargetTypes);

/** Sources per ENI target (AWS quota, not adjustable). */
const SOURCES_PER_TARGET_DEFAULT = 10;
const SOURCES_PER_TARGET_LARGE = 100;

export interface InstanceTypeFacts {
  readonly bareMetal?: boolean;
}

export function instanceFamily(instanceType: string): string {
  const lower = instanceType.toLowerCase();
  const dot = lower.indexOf('.');
  return dot === -1 ? lower : lower.slice(0, dot);
}

function isBareMetalSize(instanceType: string): boolean {
  const dot = instanceType.indexOf('.');
  return dot !== -1 && instanceType.slice(dot + 1).toLowerCase().startsWith('metal');
}

/**
 * True when `instanceType` can be a mirror source. Policy overrides win over the data file (deny beats allow),
 * each naming a family ("m8g") or an exact type ("m8g.large"). Bare metal counts only for the bare-metal families;
 * `facts.bareMetal` (from DescribeInstanceTypes) is preferred over guessing from the size name.
 */
export function isSupportedSource(
  instanceType: string,
  overrides: InstanceSupportOverrides,
  facts?: InstanceTypeFacts,
): boolean {
  const type = instanceType.toLowerCase();
  const family = instanceFamily(type);
  const names = (list: readonly string[]): boolean => list.some((entry) => {
    const name = entry.toLowerCase();
    return name === type || name === family;
  });
  if (names(overrides.deny)) return false;
  if (names(overrides.allow)) return true;
  const bareMetal = facts?.bareMetal ?? isBareMetalSize(type);
  return bareMetal ? bareMetalFamilies.has(family) : virtualizedFamilies.has(family);
}

/** How many distinct source ENIs an ENI target on this instance type accepts (10, or 100 for the large types). */
export function sourcesPerEniTarget(instanceType: string | undefined): number {
  if (instanceType !== undefined && largeTargetTypes.has(instanceType.toLowerCase())) return SOURCES_PER_TARGET_LARGE;
  return SOURCES_PER_TARGET_DEFAULT;
}
