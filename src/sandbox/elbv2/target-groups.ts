/** Create/Describe/DeleteTargetGroup, Register/DeregisterTargets and DescribeTargetHealth. */
import type {
  CreateTargetGroupInput,
  CreateTargetGroupOutput,
  DeleteTargetGroupInput,
  DeleteTargetGroupOutput,
  DeregisterTargetsInput,
  DeregisterTargetsOutput,
  DescribeTargetGroupsInput,
  DescribeTargetGroupsOutput,
  DescribeTargetHealthInput,
  DescribeTargetHealthOutput,
  ModifyTargetGroupInput,
  ModifyTargetGroupOutput,
  ProtocolEnum,
  RegisterTargetsInput,
  RegisterTargetsOutput,
  TargetGroup,
  TargetHealthStateEnum,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { defineAction, type ActionContext, type ActionTable } from '../sim/action.js';
import { SimulatedError } from '../sim/errors.js';
import type { HealthCheckRecord, TargetGroupRecord } from '../sim/records.js';
import type { RegionState } from '../sim/region-state.js';
import {
  arnPrefix,
  arnSuffix,
  checkName,
  checkPort,
  elbPage,
  elbTags,
  findTargetGroup,
  healthCheckDefaults,
  targetGroupNotFound,
  validationError,
} from './common.js';
import { isProvisioning } from './load-balancers.js';

const PROTOCOLS = ['TCP', 'UDP', 'TCP_UDP', 'TLS', 'HTTP', 'HTTPS', 'GENEVE'];
/** "The GENEVE, TLS, UDP, and TCP_UDP protocols are not supported for health checks." */
const HEALTH_CHECK_PROTOCOLS = ['TCP', 'HTTP', 'HTTPS'];

const loadBalancersOf = (group: TargetGroupRecord, region: RegionState): string[] => [
  ...new Set(
    [...region.listeners.values()]
      .filter((listener) => listener.targetGroupArn === group.id)
      .map((listener) => listener.loadBalancerArn),
  ),
];

function renderTargetGroup(group: TargetGroupRecord, region: RegionState): TargetGroup {
  return {
    TargetGroupArn: group.id,
    TargetGroupName: group.name,
    Protocol: group.protocol as ProtocolEnum,
    Port: group.port,
    VpcId: group.vpcId,
    HealthCheckProtocol: group.healthCheck.protocol as ProtocolEnum,
    HealthCheckPort: group.healthCheck.port,
    ...(group.healthCheck.path === undefined ? {} : { HealthCheckPath: group.healthCheck.path }),
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: group.healthCheck.intervalSeconds,
    HealthCheckTimeoutSeconds: group.healthCheck.timeoutSeconds,
    HealthyThresholdCount: group.healthCheck.healthyThreshold,
    UnhealthyThresholdCount: group.healthCheck.unhealthyThreshold,
    LoadBalancerArns: loadBalancersOf(group, region),
    TargetType: group.targetType,
    IpAddressType: 'ipv4',
  };
}

type HealthCheckInput = Pick<
  CreateTargetGroupInput,
  | 'HealthCheckProtocol'
  | 'HealthCheckPort'
  | 'HealthCheckPath'
  | 'HealthCheckIntervalSeconds'
  | 'HealthCheckTimeoutSeconds'
  | 'HealthyThresholdCount'
  | 'UnhealthyThresholdCount'
>;

function checkRange(value: number | undefined, min: number, max: number, what: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
    throw validationError(`${what} must be between ${min} and ${max}`);
  }
}

/**
 * The health check a request asks for, over `base` (a group's current check, or the protocol's defaults).
 * "The GENEVE, TLS, UDP, and TCP_UDP protocols are not supported for health checks": ELBv2 answers
 * ValidationError (the code of its request validation; the wording is the simulator's [unverified]).
 */
function healthCheck(input: HealthCheckInput, base: HealthCheckRecord): HealthCheckRecord {
  const protocol = input.HealthCheckProtocol ?? base.protocol;
  if (!HEALTH_CHECK_PROTOCOLS.includes(protocol)) {
    throw validationError(`Health check protocol '${protocol}' is not supported: GENEVE, TLS, UDP and TCP_UDP cannot be used for health checks`);
  }
  if (input.HealthCheckPort !== undefined && input.HealthCheckPort !== 'traffic-port') {
    checkPort(Number(input.HealthCheckPort), 'Health check port');
  }
  const http = protocol === 'HTTP' || protocol === 'HTTPS';
  if (input.HealthCheckPath !== undefined && !http) {
    throw validationError('A health check path can only be specified for HTTP and HTTPS health checks');
  }
  checkRange(input.HealthCheckIntervalSeconds, 5, 300, 'Health check interval');
  checkRange(input.HealthCheckTimeoutSeconds, 2, 120, 'Health check timeout');
  checkRange(input.HealthyThresholdCount, 2, 10, 'Healthy threshold count');
  checkRange(input.UnhealthyThresholdCount, 2, 10, 'Unhealthy threshold count');
  const defaults = healthCheckDefaults(protocol);
  const changedProtocol = protocol !== base.protocol;
  return {
    protocol,
    port: input.HealthCheckPort ?? base.port,
    path: input.HealthCheckPath ?? (changedProtocol ? defaults.path : base.path),
    intervalSeconds: input.HealthCheckIntervalSeconds ?? base.intervalSeconds,
    timeoutSeconds: input.HealthCheckTimeoutSeconds ?? (changedProtocol ? defaults.timeoutSeconds : base.timeoutSeconds),
    healthyThreshold: input.HealthyThresholdCount ?? base.healthyThreshold,
    unhealthyThreshold: input.UnhealthyThresholdCount ?? base.unhealthyThreshold,
  };
}

const sameHealthCheck = (a: HealthCheckRecord, b: HealthCheckRecord): boolean =>
  (Object.keys(a) as (keyof HealthCheckRecord)[]).every((key) => a[key] === b[key]);

/** Dotted IPv4 → number, or undefined. */
function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return undefined;
  return parts.reduce((sum, part) => sum * 256 + Number(part), 0);
}

function inCidr(ip: string, cidr: string | undefined): boolean {
  if (cidr === undefined) return true;
  const [base = '', bits = '32'] = cidr.split('/');
  const address = ipv4(ip);
  const network = ipv4(base);
  if (address === undefined || network === undefined) return false;
  const size = 2 ** (32 - Number(bits));
  return Math.floor(address / size) === Math.floor(network / size);
}

/**
 * What RegisterTargets refuses, with ELBv2's code InvalidTarget (the messages are the simulator's
 * [unverified]): an instance that does not exist, is not running, or is in another VPC than the group; an IP
 * outside the group's VPC unless registered with AvailabilityZone "all".
 */
function checkRegistration(context: ActionContext, group: TargetGroupRecord, id: string, zone: string | undefined): void {
  if (group.targetType === 'instance') {
    const instance = context.region.instances.get(id);
    if (!instance) throw new SimulatedError('InvalidTarget', `The following targets are not valid instances: '${id}'`);
    if (instance.state !== 'running') {
      throw new SimulatedError('InvalidTarget', `The following targets are not in a running state and cannot be registered: '${id}'`);
    }
    const vpcId = context.region.subnets.get(instance.subnetId)?.vpcId;
    if (vpcId !== group.vpcId) {
      throw new SimulatedError(
        'InvalidTarget',
        `The following targets are not in the target group VPC '${group.vpcId}': '${id}'`,
      );
    }
    return;
  }
  if (ipv4(id) === undefined) throw validationError(`The IP address '${id}' is not a valid IPv4 address`);
  if (zone !== 'all' && !inCidr(id, context.region.vpcs.get(group.vpcId)?.cidr)) {
    throw new SimulatedError(
      'InvalidTarget',
      `The IP address '${id}' is outside the VPC of the target group; register it with Availability Zone 'all'`,
    );
  }
}

/** The zone a target is in: its instance's, or the subnet of the group's VPC whose block holds the IP. */
function targetZone(context: ActionContext, group: TargetGroupRecord, target: TargetGroupRecord['targets'][number]): string | undefined {
  if (target.availabilityZone !== undefined) return target.availabilityZone;
  if (group.targetType === 'instance') {
    const instance = context.region.instances.get(target.id);
    return instance === undefined ? undefined : context.region.subnets.get(instance.subnetId)?.az;
  }
  return [...context.region.subnets.values()].find((subnet) => subnet.vpcId === group.vpcId && subnet.cidr !== undefined && inCidr(target.id, subnet.cidr))?.az;
}

export const targetGroupActions: ActionTable = {
  CreateTargetGroup: defineAction({
    throttle: 'none',
    mutating: true,
    handler: (context, input: CreateTargetGroupInput): CreateTargetGroupOutput => {
      const { region } = context;
      const name = checkName(input.Name, 'target group');
      const protocol = input.Protocol ?? 'HTTP';
      if (!PROTOCOLS.includes(protocol)) throw validationError(`Protocol '${protocol}' is not supported`);
      const port = checkPort(input.Port, 'Port');
      const vpcId = input.VpcId ?? '';
      if (!region.vpcs.has(vpcId)) throw validationError(`The VPC ID '${vpcId}' is not found`);
      const healthProtocol = input.HealthCheckProtocol ?? (protocol === 'HTTP' || protocol === 'HTTPS' ? protocol : 'TCP');
      const check = healthCheck(input, { protocol: healthProtocol, port: 'traffic-port', ...healthCheckDefaults(healthProtocol) });
      const targetType = input.TargetType ?? 'instance';
      if (targetType !== 'instance' && targetType !== 'ip') throw validationError(`Target type '${targetType}' is not supported`);
      const existing = [...region.targetGroups.values()].find((group) => group.name === name);
      if (existing) {
        // "If you attempt to create multiple target groups with the same settings, each call succeeds."
        const same =
          existing.protocol === protocol &&
          existing.port === port &&
          existing.vpcId === vpcId &&
          existing.targetType === targetType &&
          sameHealthCheck(existing.healthCheck, check);
        if (!same) {
          throw new SimulatedError('DuplicateTargetGroupName', `A target group with the name '${name}' already exists`);
        }
        return { TargetGroups: [renderTargetGroup(existing, region)] };
      }
      const group: TargetGroupRecord = {
        id: `${arnPrefix(context)}targetgroup/${name}/${arnSuffix(context, name)}`,
        name,
        protocol,
        port,
        vpcId,
        targetType,
        healthCheck: check,
        targets: [],
        tags: elbTags({}, input.Tags),
      };
      region.targetGroups.add(group);
      return { TargetGroups: [renderTargetGroup(group, region)] };
    },
  }),

  DescribeTargetGroups: defineAction({
    throttle: 'none',
    mutating: false,
    handler: (context, input: DescribeTargetGroupsInput): DescribeTargetGroupsOutput => {
      const { region } = context;
      const names = input.Names;
      if (names && names.some((name) => ![...region.targetGroups.values()].some((group) => group.name === name))) {
        throw targetGroupNotFound();
      }
      const lbArn = input.LoadBalancerArn;
      if (lbArn !== undefined && !region.loadBalancers.has(lbArn)) {
        throw new SimulatedError('LoadBalancerNotFound', 'One or more load balancers not found');
      }
      const page = elbPage(
        context,
        input,
        region.targetGroups,
        input.TargetGroupArns,
        (group) =>
          (names === undefined || names.includes(group.name)) &&
          (lbArn === undefined || loadBalancersOf(group, region).includes(lbArn)),
        targetGroupNotFound,
      );
      return { TargetGroups: page.items.map((group) => renderTargetGroup(group, region)), NextMarker: page.nextToken };
    },
  }),

  DeleteTargetGroup: defineAction({
    throttle: 'none',
    mutating: true,
    handler: (context, input: DeleteTargetGroupInput): DeleteTargetGroupOutput => {
      const group = input.TargetGroupArn === undefined ? undefined : context.region.targetGroups.get(input.TargetGroupArn);
      if (!group) return {};
      if (loadBalancersOf(group, context.region).length > 0) {
        throw new SimulatedError('ResourceInUse', `Target group '${group.id}' is currently in use by a listener or a rule`);
      }
      context.region.targetGroups.delete(group.id);
      return {};
    },
  }),

  ModifyTargetGroup: defineAction({
    throttle: 'none',
    mutating: true,
    handler: (context, input: ModifyTargetGroupInput): ModifyTargetGroupOutput => {
      const group = findTargetGroup(context, input.TargetGroupArn);
      group.healthCheck = healthCheck(input, group.healthCheck);
      return { TargetGroups: [renderTargetGroup(group, context.region)] };
    },
  }),

  RegisterTargets: defineAction({
    throttle: 'none',
    mutating: true,
    handler: (context, input: RegisterTargetsInput): RegisterTargetsOutput => {
      const group = findTargetGroup(context, input.TargetGroupArn);
      const additions = (input.Targets ?? []).map((target) => {
        const id = target.Id ?? '';
        checkRegistration(context, group, id, target.AvailabilityZone);
        return {
          id,
          port: target.Port === undefined ? undefined : checkPort(target.Port, 'Target port'),
          ...(target.AvailabilityZone === undefined ? {} : { availabilityZone: target.AvailabilityZone }),
        };
      });
      const key = (target: { id: string; port: number | undefined }) => `${target.id}:${target.port ?? group.port}`;
      const known = new Set(group.targets.map(key));
      for (const target of additions) {
        if (!known.has(key(target))) group.targets.push(target);
        known.add(key(target));
      }
      return {};
    },
  }),

  DeregisterTargets: defineAction({
    throttle: 'none',
    mutating: true,
    handler: (context, input: DeregisterTargetsInput): DeregisterTargetsOutput => {
      const group = findTargetGroup(context, input.TargetGroupArn);
      const key = (id: string, port: number | undefined) => `${id}:${port ?? group.port}`;
      const removals = new Set((input.Targets ?? []).map((target) => key(target.Id ?? '', target.Port)));
      const registered = new Set(group.targets.map((target) => key(target.id, target.port)));
      const unknown = [...removals].find((target) => !registered.has(target));
      if (unknown !== undefined) throw new SimulatedError('InvalidTarget', `The target '${unknown}' is not registered`);
      group.targets = group.targets.filter((target) => !removals.has(key(target.id, target.port)));
      return {};
    },
  }),

  DescribeTargetHealth: defineAction({
    throttle: 'none',
    mutating: false,
    handler: (context, input: DescribeTargetHealthInput): DescribeTargetHealthOutput => {
      const group = findTargetGroup(context, input.TargetGroupArn);
      const loadBalancers = loadBalancersOf(group, context.region).flatMap((arn) => {
        const lb = context.region.loadBalancers.get(arn);
        return lb === undefined ? [] : [lb];
      });
      const zones = new Set(
        loadBalancers.flatMap((lb) => lb.subnetIds.map((subnetId) => context.region.subnets.get(subnetId)?.az ?? '')),
      );
      const active = loadBalancers.some((lb) => !isProvisioning(lb, context.now));
      return {
        TargetHealthDescriptions: group.targets.map((target) => {
          const running = group.targetType !== 'instance' || context.region.instances.get(target.id)?.state === 'running';
          const zone = targetZone(context, group, target);
          // A target in a zone the load balancer is not enabled in receives nothing (Target.NotInUse).
          const reason =
            loadBalancers.length === 0 || (zone !== undefined && zone !== 'all' && !zones.has(zone))
              ? 'Target.NotInUse'
              : !running
                ? 'Target.InvalidState'
                : !active
                  ? 'Elb.RegistrationInProgress'
                  : undefined;
          const state: TargetHealthStateEnum =
            reason === undefined ? 'healthy' : reason === 'Elb.RegistrationInProgress' ? 'initial' : 'unused';
          return {
            Target: {
              Id: target.id,
              Port: target.port ?? group.port,
              ...(target.availabilityZone === undefined ? {} : { AvailabilityZone: target.availabilityZone }),
            },
            HealthCheckPort: group.healthCheck.port === 'traffic-port' ? String(target.port ?? group.port) : group.healthCheck.port,
            TargetHealth: { State: state, ...(reason === undefined ? {} : { Reason: reason }) },
          };
        }),
      };
    },
  }),
};
