/**
 * Generates large, realistic sandbox accounts for tests and benchmarks, deterministically from a seed.
 * With `mirroredShare`, part of the eligible interfaces already carry sessions owned by `policyName`,
 * exactly as mirrorctl would have created them for the policy `generatePolicyFor` writes, so a plan
 * against a fully mirrored account (share 1) has no changes.
 */
import { filterDescription, sessionDescription, targetDescription } from '../../core/descriptions.js';
import { filterKey, ruleKey, sessionKey, targetKey } from '../../core/keys.js';
import { ownershipTags } from '../../core/ownership.js';
import type {
  SandboxFile,
  SandboxFilter,
  SandboxInstance,
  SandboxRegion,
  SandboxRule,
  SandboxSession,
  SandboxTarget,
} from '../file/types.js';
import { isSupportedMirrorSource } from '../sim/instance-types.js';
import { seededRandom } from '../sim/random.js';

export interface GenerateOptions {
  readonly seed: number;
  /** A count (the first N of a fixed list) or explicit region names. */
  readonly regions: number | readonly string[];
  readonly vpcsPerRegion: number;
  /** Total across all regions. */
  readonly instances: number;
  /** Average interfaces per instance (default 1.2). */
  readonly interfacesPerInstance?: number;
  /** Share of instances on types that cannot be mirror sources (default 0.1). */
  readonly unsupportedShare?: number;
  /** Share of eligible interfaces already mirrored by `policyName` (default 0). */
  readonly mirroredShare?: number;
  /** Share of eligible interfaces carrying another tool's session (default 0). */
  readonly foreignShare?: number;
  /** Default `generated`. */
  readonly policyName?: string;
  readonly accountId?: string;
}

export const GENERATED_POLICY_NAME = 'generated';
export const GENERATED_FILTER_NAME = 'all-traffic';
export const SENSOR_LOAD_BALANCER_NAME = 'sensors';
export const generatedTargetName = (region: string): string => `sensor-nlb-${region}`;

const REGION_NAMES = ['us-east-1', 'eu-west-1', 'us-west-2', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-1', 'us-east-2', 'sa-east-1'];
const SUPPORTED_TYPES = ['m5.large', 'm5.xlarge', 'c6i.large', 'c6i.2xlarge', 'r5.large', 't3.medium', 't3.large', 'm6i.xlarge', 'c5.xlarge', 'r6i.large'];
const UNSUPPORTED_TYPES = ['t2.micro', 't2.medium', 'm8g.large', 'c8g.xlarge', 'c7i.metal-24xl'];
const TIERS = ['web', 'app', 'db', 'cache', 'batch'];

/** The rules of the generated policy's filter, as mirrorctl creates them. */
export const GENERATED_RULES = [
  { number: 100, source: '0.0.0.0/0', destination: '0.0.0.0/0' },
  { number: 200, source: '::/0', destination: '::/0' },
] as const;

interface Context {
  readonly random: () => number;
  readonly accountId: string;
  readonly policyName: string;
}

function hex(random: () => number, length: number): string {
  let text = '';
  while (text.length < length) text += Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
  return text.slice(0, length);
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

function regionNames(regions: GenerateOptions['regions']): readonly string[] {
  if (typeof regions !== 'number') return regions;
  if (regions > REGION_NAMES.length) throw new Error(`at most ${REGION_NAMES.length} generated regions`);
  return REGION_NAMES.slice(0, regions);
}

function ownedTarget(context: Context, region: string, nlbArn: string): SandboxTarget {
  const name = generatedTargetName(region);
  return {
    id: `tmt-${hex(context.random, 17)}`,
    networkLoadBalancerArn: nlbArn,
    description: targetDescription(context.policyName, name),
    tags: { ...ownershipTags(context.policyName, targetKey(name)) },
  };
}

function ownedFilter(context: Context): SandboxFilter {
  const rules: SandboxRule[] = (['ingress', 'egress'] as const).flatMap((direction) =>
    GENERATED_RULES.map((rule) => ({
      id: `tmfr-${hex(context.random, 17)}`,
      direction,
      number: rule.number,
      action: 'accept' as const,
      source: rule.source,
      destination: rule.destination,
      tags: { ...ownershipTags(context.policyName, ruleKey(GENERATED_FILTER_NAME, direction, rule.number)) },
    })),
  );
  return {
    id: `tmf-${hex(context.random, 17)}`,
    description: filterDescription(context.policyName, GENERATED_FILTER_NAME),
    tags: { ...ownershipTags(context.policyName, filterKey(GENERATED_FILTER_NAME)) },
    rules,
  };
}

function generateRegion(
  context: Context,
  region: string,
  instanceCount: number,
  options: GenerateOptions,
): SandboxRegion {
  const { random, accountId } = context;
  const vpcs = Array.from({ length: Math.max(1, options.vpcsPerRegion) }, (_, index) => ({
    id: `vpc-${hex(random, 17)}`,
    cidr: `10.${index % 256}.0.0/16`,
    tags: { Name: `${region}-vpc-${index + 1}`, environment: pick(random, ['prod', 'staging', 'dev']) },
  }));
  const subnets = vpcs.flatMap((vpc, index) =>
    ['a', 'b'].map((zone, half) => ({
      id: `subnet-${hex(random, 17)}`,
      vpcId: vpc.id,
      az: `${region}${zone}`,
      cidr: `10.${index % 256}.${half * 16}.0/20`,
    })),
  );
  const sensorVpc = vpcs[0];
  const sensorSubnets = subnets.filter((subnet) => subnet.vpcId === sensorVpc?.id);
  const lbSuffix = hex(random, 16);
  const nlbArn = `arn:aws:elasticloadbalancing:${region}:${accountId}:loadbalancer/net/${SENSOR_LOAD_BALANCER_NAME}/${lbSuffix}`;
  const groupArn = `arn:aws:elasticloadbalancing:${region}:${accountId}:targetgroup/sensors-vxlan/${hex(random, 16)}`;
  const foreignArn = `arn:aws:elasticloadbalancing:${region}:${accountId}:loadbalancer/net/legacy-tap/${hex(random, 16)}`;
  const foreignTarget: SandboxTarget = {
    id: `tmt-${hex(random, 17)}`,
    networkLoadBalancerArn: foreignArn,
    description: 'Legacy traffic mirror target',
    tags: { Name: 'legacy-tap' },
  };
  const foreignFilter: SandboxFilter = {
    id: `tmf-${hex(random, 17)}`,
    description: 'Legacy full traffic filter',
    tags: { Name: 'legacy-filter' },
    rules: [{ id: `tmfr-${hex(random, 17)}`, direction: 'ingress', number: 10, action: 'accept', source: '0.0.0.0/0', destination: '0.0.0.0/0' }],
  };
  const mirrored = (options.mirroredShare ?? 0) > 0;
  const target = mirrored ? ownedTarget(context, region, nlbArn) : undefined;
  const filter = mirrored ? ownedFilter(context) : undefined;

  const perInterface = options.interfacesPerInstance ?? 1.2;
  const instances: SandboxInstance[] = [];
  const sessions: SandboxSession[] = [];
  let foreignUsed = false;
  for (let n = 0; n < instanceCount; n++) {
    const subnet = pick(random, subnets);
    const type = random() < (options.unsupportedShare ?? 0.1) ? pick(random, UNSUPPORTED_TYPES) : pick(random, SUPPORTED_TYPES);
    const interfaceCount = Math.max(1, Math.floor(perInterface) + (random() < perInterface % 1 ? 1 : 0));
    const instance: SandboxInstance = {
      id: `i-${hex(random, 17)}`,
      type,
      state: 'running',
      subnetId: subnet.id,
      tags: { Name: `${region}-host-${n + 1}`, tier: pick(random, TIERS) },
      interfaces: Array.from({ length: interfaceCount }, (_, deviceIndex) => ({ id: `eni-${hex(random, 17)}`, deviceIndex })),
    };
    instances.push(instance);
    if (!isSupportedMirrorSource(type)) continue;
    for (const eni of instance.interfaces) {
      let sessionNumber = 1;
      if (random() < (options.foreignShare ?? 0)) {
        foreignUsed = true;
        sessions.push({
          id: `tms-${hex(random, 17)}`,
          networkInterfaceId: eni.id,
          targetId: foreignTarget.id,
          filterId: foreignFilter.id,
          sessionNumber: sessionNumber++,
          description: 'Legacy mirror session',
          tags: { Name: `legacy-mirror-${instance.id}` },
        });
      }
      if (target && filter && random() < (options.mirroredShare ?? 0)) {
        sessions.push({
          id: `tms-${hex(random, 17)}`,
          networkInterfaceId: eni.id,
          targetId: target.id,
          filterId: filter.id,
          sessionNumber,
          description: sessionDescription(context.policyName, subnet.vpcId),
          tags: { ...ownershipTags(context.policyName, sessionKey(subnet.vpcId, eni.id)) },
        });
      }
    }
  }

  const loadBalancers = [
    {
      arn: nlbArn,
      name: SENSOR_LOAD_BALANCER_NAME,
      subnets: sensorSubnets.map((subnet) => subnet.id),
      attributes: { 'load_balancing.cross_zone.enabled': 'true' },
    },
    ...(foreignUsed ? [{ arn: foreignArn, name: 'legacy-tap', subnets: sensorSubnets.map((subnet) => subnet.id) }] : []),
  ];
  // Like AWS, each load balancer has a requester-managed interface in each of its subnets.
  const networkInterfaces = loadBalancers.flatMap((lb) =>
    lb.subnets.map((subnetId) => ({
      id: `eni-${hex(random, 17)}`,
      subnetId,
      type: 'network_load_balancer',
      description: `ELB ${lb.arn.slice(lb.arn.indexOf('loadbalancer/') + 'loadbalancer/'.length)}`,
      requesterManaged: true,
      status: 'in-use',
    })),
  );
  return {
    vpcs,
    subnets,
    instances,
    networkInterfaces,
    trafficMirrorTargets: [...(target ? [target] : []), ...(foreignUsed ? [foreignTarget] : [])],
    trafficMirrorFilters: [...(filter ? [filter] : []), ...(foreignUsed ? [foreignFilter] : [])],
    trafficMirrorSessions: sessions,
    loadBalancers,
    targetGroups: [
      {
        arn: groupArn,
        name: 'sensors-vxlan',
        protocol: 'UDP',
        port: 4789,
        vpcId: sensorVpc?.id ?? '',
        healthCheck: { protocol: 'TCP', port: '22' },
      },
    ],
    listeners: [
      {
        arn: `arn:aws:elasticloadbalancing:${region}:${accountId}:listener/net/${SENSOR_LOAD_BALANCER_NAME}/${lbSuffix}/${hex(random, 16)}`,
        loadBalancerArn: nlbArn,
        protocol: 'UDP',
        port: 4789,
        targetGroupArn: groupArn,
      },
    ],
  };
}

export function generateAccount(options: GenerateOptions): SandboxFile {
  const context: Context = {
    random: seededRandom(options.seed),
    accountId: options.accountId ?? '123456789012',
    policyName: options.policyName ?? GENERATED_POLICY_NAME,
  };
  const names = regionNames(options.regions);
  const regions: Record<string, SandboxRegion> = {};
  names.forEach((name, index) => {
    const count = Math.floor(options.instances / names.length) + (index < options.instances % names.length ? 1 : 0);
    regions[name] = generateRegion(context, name, count, options);
  });
  return { version: 1, accountId: context.accountId, regions };
}
