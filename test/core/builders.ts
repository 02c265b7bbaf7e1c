/** Small builders for inline Policy / ObservedAccount fixtures: each test shows its whole world. */
import { ownershipTags } from '../../src/core/ownership.js';
import type {
  InstanceState,
  ObservedAccount,
  ObservedFilter,
  ObservedInstance,
  ObservedInstanceType,
  ObservedLoadBalancer,
  ObservedManagedLoadBalancer,
  ObservedManagedTargetGroup,
  ObservedNetworkInterface,
  ObservedRegion,
  ObservedRule,
  ObservedSession,
  ObservedTarget,
  ObservedVpc,
} from '../../src/core/types/observed.js';
import type {
  AlreadyMirrored,
  Policy,
  PolicyFilter,
  PolicyRule,
  PolicyTarget,
  PolicyVpcEntry,
  Tags,
  TargetSpec,
} from '../../src/core/types/policy.js';

export const POLICY = 'prod';
export const REGION = 'us-east-1';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function makePolicy(parts: Partial<Mutable<Policy>> = {}): Policy {
  return {
    version: 1,
    name: POLICY,
    regions: [REGION],
    targets: { sensor: eniTarget('sensor', 'eni-sensor') },
    filters: { all: allTraffic('all') },
    vpcs: [entry({ key: 'vpc-a', vpcId: 'vpc-a' })],
    exclude: { instanceIds: [], networkInterfaceIds: [], tags: {} },
    instanceSupport: { allow: [], deny: [] },
    sessionHourlyRates: {},
    ...parts,
  };
}

export function policyTarget(name: string, spec: TargetSpec, extra: { region?: string; description?: string } = {}): PolicyTarget {
  return { name, spec, ...extra };
}
export const eniTarget = (name: string, eni: string, extra: { region?: string; description?: string } = {}): PolicyTarget =>
  policyTarget(name, { kind: 'network-interface', networkInterfaceId: eni }, extra);
export const nlbArn = (name: string, region = REGION): string =>
  `arn:aws:elasticloadbalancing:${region}:111122223333:loadbalancer/net/${name}/0123456789abcdef`;
export const nlbTarget = (name: string, region = REGION): PolicyTarget =>
  policyTarget(name, { kind: 'network-load-balancer', networkLoadBalancerArn: nlbArn(name, region) });
export const gwlbeTarget = (name: string, endpoint: string, extra: { region?: string } = {}): PolicyTarget =>
  policyTarget(name, { kind: 'gateway-load-balancer-endpoint', gatewayLoadBalancerEndpointId: endpoint }, extra);
export const existingTarget = (name: string, id: string, extra: { region?: string } = {}): PolicyTarget =>
  policyTarget(name, { kind: 'existing', trafficMirrorTargetId: id }, extra);

export function rule(number: number, parts: Partial<Mutable<PolicyRule>> = {}): PolicyRule {
  return { number, action: 'accept', source: '0.0.0.0/0', destination: '0.0.0.0/0', ...parts };
}

export function allTraffic(name: string, parts: Partial<Mutable<PolicyFilter>> = {}): PolicyFilter {
  return { name, networkServices: [], ingress: [rule(100)], egress: [rule(100)], ...parts };
}

export interface EntryParts {
  readonly key: string;
  readonly vpcId?: string;
  readonly vpcTags?: Tags;
  readonly target?: string;
  readonly filter?: string;
  readonly interfaces?: 'all' | 'primary';
  readonly instanceTags?: Tags;
  readonly sessionNumber?: number;
  readonly packetLength?: number;
  readonly virtualNetworkId?: number;
  readonly regions?: readonly string[];
  readonly alreadyMirrored?: AlreadyMirrored;
}

export function entry(parts: EntryParts): PolicyVpcEntry {
  const { key, vpcId, vpcTags, target, filter, interfaces, ...rest } = parts;
  return {
    key,
    selector: vpcTags === undefined ? { kind: 'id', vpcId: vpcId ?? key } : { kind: 'tags', tags: vpcTags },
    target: target ?? 'sensor',
    filter: filter ?? 'all',
    interfaces: interfaces ?? 'all',
    ...rest,
  };
}

export const vpc = (id: string, tags: Tags = {}): ObservedVpc => ({ id, tags });

/** `eni-<n>-<deviceIndex>` for instance `i-<n>`. */
export const eniOf = (instanceId: string, deviceIndex = 0): string => `eni-${instanceId.replace(/^i-/, '')}-${deviceIndex}`;

export interface ServerParts {
  readonly vpcId?: string;
  readonly type?: string;
  readonly state?: InstanceState;
  readonly tags?: Tags;
  readonly interfaces?: number;
  readonly interfaceParts?: Partial<Mutable<ObservedNetworkInterface>>;
}

/** An instance and its interfaces (primary first). */
export function server(id: string, parts: ServerParts = {}): { instance: ObservedInstance; interfaces: ObservedNetworkInterface[] } {
  const vpcId = parts.vpcId ?? 'vpc-a';
  const instance: ObservedInstance = { id, type: parts.type ?? 'm5.large', state: parts.state ?? 'running', vpcId, tags: parts.tags ?? {} };
  const interfaces = Array.from({ length: parts.interfaces ?? 1 }, (_unused, deviceIndex) => ({
    id: eniOf(id, deviceIndex),
    type: 'interface',
    vpcId,
    requesterManaged: false,
    attachment: { instanceId: id, deviceIndex },
    tags: {},
    ...parts.interfaceParts,
  }));
  return { instance, interfaces };
}

export function observedTarget(id: string, parts: Partial<Mutable<ObservedTarget>> = {}): ObservedTarget {
  return { id, type: 'network-interface', tags: {}, ...parts };
}

export function observedRule(id: string, direction: 'ingress' | 'egress', number: number, parts: Partial<Mutable<ObservedRule>> = {}): ObservedRule {
  return { id, direction, number, action: 'accept', source: '0.0.0.0/0', destination: '0.0.0.0/0', ...parts };
}

export function observedFilter(id: string, parts: Partial<Mutable<ObservedFilter>> = {}): ObservedFilter {
  return { id, networkServices: [], rules: [], tags: {}, ...parts };
}

export function observedSession(
  id: string,
  networkInterfaceId: string,
  parts: Partial<Mutable<ObservedSession>> = {},
): ObservedSession {
  return { id, networkInterfaceId, targetId: 'tmt-other', filterId: 'tmf-other', sessionNumber: 1, tags: {}, ...parts };
}

export const owned = (key: string, policyName = POLICY): Tags => ownershipTags(policyName, key);

/** The sensor target and "all" filter of makePolicy(), as an earlier apply left them. */
export function convergedSensor(): { targets: ObservedTarget[]; filters: ObservedFilter[] } {
  return {
    targets: [
      observedTarget('tmt-sensor', {
        networkInterfaceId: 'eni-sensor',
        description: `mirrorctl ${POLICY} target sensor`,
        tags: owned('target/sensor'),
      }),
    ],
    filters: [
      observedFilter('tmf-all', {
        description: `mirrorctl ${POLICY} filter all`,
        rules: [observedRule('tmfr-in', 'ingress', 100), observedRule('tmfr-out', 'egress', 100)],
        tags: owned('filter/all'),
      }),
    ],
  };
}

/** A session of the policy as an earlier apply left it. */
export function ownedSession(id: string, entryKey: string, eni: string, parts: Partial<Mutable<ObservedSession>> = {}): ObservedSession {
  return observedSession(id, eni, {
    targetId: 'tmt-sensor',
    filterId: 'tmf-all',
    description: `mirrorctl ${POLICY} ${entryKey}`,
    tags: owned(`session/${entryKey}/${eni}`),
    ...parts,
  });
}

export interface RegionParts {
  readonly vpcs?: readonly ObservedVpc[];
  readonly servers?: readonly { instance: ObservedInstance; interfaces: ObservedNetworkInterface[] }[];
  readonly interfaces?: readonly ObservedNetworkInterface[];
  readonly instanceTypes?: readonly ObservedInstanceType[];
  readonly targets?: readonly ObservedTarget[];
  readonly filters?: readonly ObservedFilter[];
  readonly sessions?: readonly ObservedSession[];
  /** What discovery read about the policy's NLB targets; absent = not read. */
  readonly loadBalancers?: readonly ObservedLoadBalancer[];
  /** Leave out the sensor instance (ENI ids are unique across regions). */
  readonly withoutSensor?: boolean;
}

/** A region with vpc-a, the sensor instance (ENI eni-sensor, in its own VPC) and whatever the test adds. */
export function observedRegion(parts: RegionParts = {}, region = REGION): ObservedRegion {
  const sensor = server('i-sensor', { vpcId: 'vpc-sensors', tags: { role: 'sensor' } });
  const sensorEni = { ...sensor.interfaces[0]!, id: 'eni-sensor' };
  const servers = parts.servers ?? [];
  const sensors = parts.withoutSensor === true ? [] : [{ instance: sensor.instance, interfaces: [sensorEni] }];
  return {
    region,
    vpcs: parts.vpcs ?? [vpc('vpc-a'), vpc('vpc-sensors')],
    instances: [...sensors, ...servers].map((item) => item.instance),
    networkInterfaces: [...[...sensors, ...servers].flatMap((item) => item.interfaces), ...(parts.interfaces ?? [])],
    instanceTypes: parts.instanceTypes ?? [],
    targets: parts.targets ?? [],
    filters: parts.filters ?? [],
    sessions: parts.sessions ?? [],
    ...(parts.loadBalancers === undefined ? {} : { loadBalancers: parts.loadBalancers }),
  };
}

export const account = (...regions: ObservedRegion[]): ObservedAccount => ({ accountId: '111122223333', regions });

/**
 * A managed Network Load Balancer as discovery reads it: named after its ARN, in two zones of vpc-a,
 * cross-zone and deletion protection on, a UDP 4789 listener to `targetGroupArn`, owned as `load-balancer/sensors`.
 */
export function managedLoadBalancer(
  arn: string,
  targetGroupArn: string,
  parts: Partial<ObservedManagedLoadBalancer> = {},
): ObservedManagedLoadBalancer {
  return {
    arn,
    name: arn.split('/')[2] ?? '',
    vpcId: 'vpc-a',
    state: 'active',
    scheme: 'internal',
    zones: [
      { subnetId: 'subnet-a', availabilityZone: 'us-east-1a' },
      { subnetId: 'subnet-b', availabilityZone: 'us-east-1b' },
    ],
    securityGroups: [],
    crossZone: true,
    deletionProtection: true,
    listeners: [{ arn: `${arn}/listener`, protocol: 'UDP', port: 4789, targetGroupArn }],
    tags: owned('load-balancer/sensors'),
    ...parts,
  };
}

/** Its UDP 4789 target group, named after its ARN, health-checked on TCP 22, owned as `target-group/sensors`. */
export function managedTargetGroup(
  arn: string,
  loadBalancerArn: string,
  targets: ObservedManagedTargetGroup['targets'],
  parts: Partial<ObservedManagedTargetGroup> = {},
): ObservedManagedTargetGroup {
  return {
    arn,
    name: arn.split('/')[1] ?? '',
    vpcId: 'vpc-a',
    protocol: 'UDP',
    port: 4789,
    targetType: 'instance',
    healthCheck: { protocol: 'TCP', port: '22', intervalSeconds: 30, timeoutSeconds: 10, healthyThreshold: 5, unhealthyThreshold: 2 },
    loadBalancerArns: [loadBalancerArn],
    targets,
    tags: owned('target-group/sensors'),
    ...parts,
  };
}
