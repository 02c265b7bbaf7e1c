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
  ProtocolEnum,
  RegisterTargetsInput,
  RegisterTargetsOutput,
  TargetGroup,
  TargetHealthStateEnum,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { defineAction, type ActionTable } from '../sim/action.js';
import { SimulatedError } from '../sim/errors.js';
import type { TargetGroupRecord } from '../sim/records.js';
import type { RegionState } from '../sim/region-state.js';
import {
  arnPrefix,
  arnSuffix,
  checkName,
  checkPort,
  elbPage,
  elbTags,
  findTargetGroup,
  targetGroupNotFound,
  validationError,
} from './common.js';

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
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 30,
    HealthCheckTimeoutSeconds: 10,
    HealthyThresholdCount: 5,
    UnhealthyThresholdCount: 2,
    LoadBalancerArns: loadBalancersOf(group, region),
    TargetType: group.targetType,
    IpAddressType: 'ipv4',
  };
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
      if (!HEALTH_CHECK_PROTOCOLS.includes(healthProtocol)) {
        throw validationError(`Health check protocol '${healthProtocol}' is not supported`);
      }
      const targetType = input.TargetType ?? 'instance';
      if (targetType !== 'instance' && targetType !== 'ip') throw validationError(`Target type '${targetType}' is not supported`);
      const healthCheck = { protocol: healthProtocol, port: input.HealthCheckPort ?? 'traffic-port' };
      const existing = [...region.targetGroups.values()].find((group) => group.name === name);
      if (existing) {
        const same =
          existing.protocol === protocol &&
          existing.port === port &&
          existing.vpcId === vpcId &&
          existing.targetType === targetType &&
          existing.healthCheck.protocol === healthCheck.protocol &&
          existing.healthCheck.port === healthCheck.port;
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
        healthCheck,
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

  RegisterTargets: defineAction({
    throttle: 'none',
    mutating: true,
    handler: (context, input: RegisterTargetsInput): RegisterTargetsOutput => {
      const group = findTargetGroup(context, input.TargetGroupArn);
      const additions = (input.Targets ?? []).map((target) => {
        const id = target.Id ?? '';
        if (group.targetType === 'instance') {
          const instance = context.region.instances.get(id);
          if (!instance) throw new SimulatedError('InvalidTarget', `The following targets are not valid instances: '${id}'`);
          if (instance.state !== 'running') {
            throw new SimulatedError('InvalidTarget', `The following targets are not in a running state and cannot be registered: '${id}'`);
          }
        }
        return { id, port: target.Port === undefined ? undefined : checkPort(target.Port, 'Target port') };
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
      const inUse = loadBalancersOf(group, context.region).length > 0;
      return {
        TargetHealthDescriptions: group.targets.map((target) => {
          const running = group.targetType !== 'instance' || context.region.instances.get(target.id)?.state === 'running';
          const state: TargetHealthStateEnum = !inUse ? 'unused' : running ? 'healthy' : 'unused';
          return {
            Target: { Id: target.id, Port: target.port ?? group.port },
            HealthCheckPort: group.healthCheck.port === 'traffic-port' ? String(target.port ?? group.port) : group.healthCheck.port,
            TargetHealth: {
              State: state,
              ...(state === 'unused' && { Reason: inUse ? 'Target.InvalidState' : 'Target.NotInUse' }),
            },
          };
        }),
      };
    },
  }),
};
