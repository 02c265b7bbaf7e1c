/** From the validated document to the `Policy` contract the planner consumes. */
import type {
  MemberAccounts,
  LoadBalancerPlacement,
  ManagedLoadBalancerSpec,
  Policy,
  PolicyFilter,
  PolicyRule,
  PolicyTarget,
  PolicyVpcEntry,
  SensorSelection,
  TargetSpec,
} from '../core/types/policy.js';
import { parseCidr } from './cidr.js';
import { entryKey } from './entry-key.js';
import { parseNlbArn, zoneRegion } from './ids.js';
import { parsePorts, protocolNumber, type PortSpec } from './rule-values.js';
import type { PolicyDocument } from './schema.js';

type TargetDocument = PolicyDocument['targets'][string];
type FilterDocument = PolicyDocument['filters'][string];
type RuleDocument = FilterDocument['ingress'][number];
type EntryDocument = PolicyDocument['vpcs'][number];

/** Only called on a document that passed validation, so every parse below succeeds. */
export function normalisePolicy(doc: PolicyDocument): Policy {
  return {
    version: 1,
    name: doc.name,
    regions: doc.regions,
    ...normaliseAccounts(doc.accounts, doc.name),
    targets: mapValues(doc.targets, normaliseTarget),
    filters: mapValues(doc.filters, normaliseFilter),
    vpcs: doc.vpcs.map(normaliseEntry),
    alreadyMirrored: doc.alreadyMirrored,
    ...(doc.adopt === undefined
      ? {}
      : {
          adopt: {
            vectra: doc.adopt.vectra,
            ...(doc.adopt.sessions === undefined ? {} : { sessionTags: doc.adopt.sessions.tags }),
          },
        }),
    exclude: {
      instanceIds: doc.exclude.instances,
      networkInterfaceIds: doc.exclude.networkInterfaces,
      tags: doc.exclude.tags,
    },
    instanceSupport: { allow: doc.instanceSupport.allow, deny: doc.instanceSupport.deny },
    sessionHourlyRates: doc.pricing.sessionHourUsd,
    healer: doc.healer,
  };
}

type AccountsDocument = NonNullable<PolicyDocument['accounts']>;

/** The list form pins the policy; the object form names the accounts reached through a role (and pins to its ids). */
function normaliseAccounts(accounts: AccountsDocument | undefined, policyName: string): Pick<Policy, 'accounts' | 'memberAccounts'> {
  if (accounts === undefined) return {};
  if (Array.isArray(accounts)) return { accounts };
  const members: MemberAccounts = {
    ids: accounts.ids ?? [],
    ...(accounts.organization === undefined
      ? {}
      : {
          organization: {
            ...(accounts.organization.organizationalUnits === undefined ? {} : { organizationalUnits: accounts.organization.organizationalUnits }),
            exclude: accounts.organization.exclude,
          },
        }),
    roleName: accounts.roleName,
    ...(accounts.externalId === undefined ? {} : { externalId: accounts.externalId }),
    sessionName: accounts.sessionName ?? defaultSessionName(policyName),
  };
  // Without an organization the ids are every account the policy is for: the caller's own runs are pinned to them.
  const pin = members.organization === undefined && members.ids.length > 0 ? { accounts: members.ids } : {};
  return { ...pin, memberAccounts: members };
}

/** STS allows 2-64 of [\w+=,.@-]; a policy name may hold spaces, colons and slashes. */
function defaultSessionName(policyName: string): string {
  return `mirrorctl-${policyName}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

function mapValues<T, U>(record: Readonly<Record<string, T>>, f: (value: T, name: string) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, f(value, name)]));
}

function normaliseTarget(target: TargetDocument, name: string): PolicyTarget {
  let spec: TargetSpec;
  let region = target.region;
  if (target.networkLoadBalancerArn !== undefined) {
    spec = { kind: 'network-load-balancer', networkLoadBalancerArn: target.networkLoadBalancerArn };
    const parsed = parseNlbArn(target.networkLoadBalancerArn);
    if (parsed.ok) region = parsed.arn.region;
  } else if (target.networkInterfaceId !== undefined) {
    spec = { kind: 'network-interface', networkInterfaceId: target.networkInterfaceId };
  } else if (target.gatewayLoadBalancerEndpointId !== undefined) {
    spec = { kind: 'gateway-load-balancer-endpoint', gatewayLoadBalancerEndpointId: target.gatewayLoadBalancerEndpointId };
  } else if (target.managedNetworkLoadBalancer !== undefined) {
    spec = normaliseManagedLoadBalancer(target.managedNetworkLoadBalancer);
    const zone = spec.placement.kind === 'zones' ? spec.placement.availabilityZones[0] : undefined;
    region ??= zone === undefined ? undefined : zoneRegion(zone);
  } else if (target.networkInterfaceIds !== undefined) {
    spec = { kind: 'interface-pool', networkInterfaceIds: [...target.networkInterfaceIds].sort() };
  } else if (target.sensorTags !== undefined) {
    spec = { kind: 'interface-pool', sensorTags: target.sensorTags };
  } else {
    spec = { kind: 'existing', trafficMirrorTargetId: target.trafficMirrorTargetId ?? '' };
  }
  return {
    name,
    spec,
    ...(target.description === undefined ? {} : { description: target.description }),
    ...(region === undefined ? {} : { region }),
    ...(target.account === undefined ? {} : { account: String(target.account) }),
  };
}

type ManagedDocument = NonNullable<TargetDocument['managedNetworkLoadBalancer']>;

/** Lists become sorted sets: their order means nothing to AWS, so it must not show as a change. */
function normaliseManagedLoadBalancer(nlb: ManagedDocument): ManagedLoadBalancerSpec {
  const sorted = (values: readonly string[] | undefined): string[] => [...new Set(values ?? [])].sort();
  const placement: LoadBalancerPlacement =
    nlb.subnets !== undefined
      ? { kind: 'subnets', subnetIds: sorted(nlb.subnets) }
      : { kind: 'zones', vpcId: nlb.vpc ?? '', availabilityZones: sorted(nlb.availabilityZones) };
  const sensors: SensorSelection =
    nlb.sensors.ipAddresses !== undefined
      ? { kind: 'ip', ipAddresses: sorted(nlb.sensors.ipAddresses) }
      : {
          kind: 'instances',
          instanceIds: sorted(nlb.sensors.instances),
          ...(nlb.sensors.tags === undefined ? {} : { tags: nlb.sensors.tags }),
        };
  const check = nlb.healthCheck;
  const protocol = check.protocol === 'http' ? 'http' : 'tcp';
  return {
    kind: 'managed-load-balancer',
    placement,
    sensors,
    healthCheck: {
      protocol,
      port: check.port,
      ...(protocol === 'http' ? { path: check.path ?? '/' } : {}),
      healthyThreshold: check.healthyThreshold,
      unhealthyThreshold: check.unhealthyThreshold,
      intervalSeconds: check.intervalSeconds,
      // ELBv2's defaults for these protocols (CreateTargetGroup HealthCheckTimeoutSeconds).
      timeoutSeconds: check.timeoutSeconds ?? (protocol === 'http' ? 6 : 10),
    },
    crossZone: nlb.crossZone,
    deletionProtection: nlb.deletionProtection,
    securityGroups: sorted(nlb.securityGroups),
  };
}

function normaliseFilter(filter: FilterDocument, name: string): PolicyFilter {
  return {
    name,
    ...(filter.description === undefined ? {} : { description: filter.description }),
    networkServices: [...new Set(filter.networkServices)],
    ingress: filter.ingress.map(normaliseRule),
    egress: filter.egress.map(normaliseRule),
  };
}

function normaliseRule(rule: RuleDocument): PolicyRule {
  const protocol = rule.protocol === undefined ? undefined : protocolNumber(rule.protocol);
  const sourcePorts = rule.sourcePorts === undefined ? undefined : portRange(rule.sourcePorts);
  const destinationPorts = rule.destinationPorts === undefined ? undefined : portRange(rule.destinationPorts);
  return {
    number: rule.number,
    action: rule.action,
    ...(protocol === undefined ? {} : { protocol }),
    source: canonicalCidr(rule.source),
    destination: canonicalCidr(rule.destination),
    ...(sourcePorts === undefined ? {} : { sourcePorts }),
    ...(destinationPorts === undefined ? {} : { destinationPorts }),
    ...(rule.description === undefined ? {} : { description: rule.description }),
  };
}

function canonicalCidr(text: string): string {
  const parsed = parseCidr(text);
  return parsed.ok ? parsed.cidr.canonical : text;
}

function portRange(spec: PortSpec) {
  const parsed = parsePorts(spec);
  return parsed.ok ? parsed.range : undefined;
}

function normaliseEntry(entry: EntryDocument): PolicyVpcEntry {
  return {
    key: entryKey(entry),
    selector: entry.id !== undefined ? { kind: 'id', vpcId: entry.id } : { kind: 'tags', tags: entry.tags ?? {} },
    target: entry.target,
    filter: entry.filter,
    interfaces: entry.interfaces,
    ...(entry.instances === undefined ? {} : { instanceTags: entry.instances.tags }),
    ...(entry.sessionNumber === undefined ? {} : { sessionNumber: entry.sessionNumber }),
    ...(entry.packetLength === undefined ? {} : { packetLength: entry.packetLength }),
    ...(entry.virtualNetworkId === undefined ? {} : { virtualNetworkId: entry.virtualNetworkId }),
    ...(entry.regions === undefined ? {} : { regions: entry.regions }),
    ...(entry.alreadyMirrored === undefined ? {} : { alreadyMirrored: entry.alreadyMirrored }),
    ...(entry.accounts === undefined ? {} : { accounts: entry.accounts.map(String) }),
  };
}
