/**
 * How attribute values are shown. Literals are quoted; AWS ids and references to other planned resources
 * are not, so a reviewer can tell "the string eni-1" from "the resource eni-1" at a glance.
 */
import { POLICY_TAG } from '../core/ownership.js';
import type { DesiredResource, ResourceRef } from '../core/types/plan.js';

export const KNOWN_AFTER_APPLY = '(known after apply)';

/** Ownership tags all start like POLICY_TAG; they are implied by the block's key, so hidden unless verbose. */
const OWNERSHIP_TAG_PREFIX = POLICY_TAG.slice(0, POLICY_TAG.indexOf(':') + 1);

// Resource attributes in the order a reviewer reads them; unknown attributes follow alphabetically.
const ATTRIBUTE_ORDER = [
  'name',
  'networkInterfaceId',
  'networkLoadBalancerArn',
  'loadBalancer',
  'gatewayLoadBalancerEndpointId',
  'instanceId',
  'vpcId',
  'subnets',
  'securityGroups',
  'crossZone',
  'deletionProtection',
  'targetGroup',
  'targetType',
  'targetId',
  'availabilityZone',
  'healthCheckProtocol',
  'healthCheckPort',
  'healthCheckPath',
  'healthyThreshold',
  'unhealthyThreshold',
  'healthCheckIntervalSeconds',
  'healthCheckTimeoutSeconds',
  'filter',
  'target',
  'direction',
  'number',
  'action',
  'protocol',
  'source',
  'destination',
  'sourcePorts',
  'destinationPorts',
  'port',
  'sessionNumber',
  'packetLength',
  'virtualNetworkId',
  'networkServices',
  'description',
  'tags',
];

function isResourceRef(value: unknown): value is ResourceRef {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const record = value as Record<string, unknown>;
  return (
    typeof record['key'] === 'string' &&
    keys.every((key) => key === 'key' || (key === 'id' && typeof record['id'] === 'string'))
  );
}

function formatRef(ref: ResourceRef): string {
  return ref.id === undefined ? `${ref.key} ${KNOWN_AFTER_APPLY}` : `${ref.key} (${ref.id})`;
}

const PROTOCOL_NAMES: Readonly<Record<number, string>> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6' };

/** Like formatValue, but names well-known IANA protocol numbers, which reviewers should not have to decode. */
export function formatAttribute(name: string, value: unknown): string {
  const protocol = name === 'protocol' && typeof value === 'number' ? PROTOCOL_NAMES[value] : undefined;
  return protocol === undefined ? formatValue(value) : `${value} (${protocol})`;
}

export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (isResourceRef(value)) return formatRef(value);
  if (typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, entry]) => `${key} = ${formatValue(entry)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return String(value);
}

/**
 * A change of tags as what it adds, changes and removes, since an adoption keeps the other tool's tags and a
 * whole map before and after would bury the three ownership tags it adds.
 */
export function formatTagChange(before: unknown, after: unknown): string | undefined {
  if (!isTagMap(before) || !isTagMap(after)) return undefined;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const parts: string[] = [];
  const kept: string[] = [];
  for (const key of keys) {
    const was = before[key];
    const now = after[key];
    if (was === now) kept.push(key);
    else if (now === undefined) parts.push(`- ${key} = ${formatValue(was)}`);
    else if (was === undefined) parts.push(`+ ${key} = ${formatValue(now)}`);
    else parts.push(`~ ${key} = ${formatValue(was)} -> ${formatValue(now)}`);
  }
  const unchanged = kept.length === 0 ? '' : ` (kept: ${kept.join(', ')})`;
  return `{ ${parts.join(', ')} }${unchanged}`;
}

function isTagMap(value: unknown): value is Readonly<Record<string, string>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((item) => typeof item === 'string');
}

function attributeRank(name: string): number {
  const index = ATTRIBUTE_ORDER.indexOf(name);
  return index === -1 ? ATTRIBUTE_ORDER.length : index;
}

function compareAttributes(a: string, b: string): number {
  return attributeRank(a) - attributeRank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function visibleTags(tags: Readonly<Record<string, string>>, verbose: boolean): Record<string, string> {
  if (verbose) return { ...tags };
  return Object.fromEntries(Object.entries(tags).filter(([key]) => !key.startsWith(OWNERSHIP_TAG_PREFIX)));
}

/**
 * The attributes of a resource as [name, value] pairs in reading order, without the `kind` discriminator,
 * unset values, or (unless verbose) the ownership tags.
 */
export function resourceAttributes(resource: DesiredResource, verbose: boolean): [string, unknown][] {
  const pairs: [string, unknown][] = [];
  for (const [name, value] of Object.entries(resource)) {
    if (name === 'kind' || value === undefined) continue;
    if (name === 'tags') {
      const tags = visibleTags(value as Readonly<Record<string, string>>, verbose);
      if (Object.keys(tags).length > 0) pairs.push([name, tags]);
      continue;
    }
    pairs.push([name, value]);
  }
  return pairs.sort(([a], [b]) => compareAttributes(a, b));
}
