/** Create/Delete/DescribeTrafficMirrorTargets. Targets are immutable apart from their tags. */
import type {
  CreateTrafficMirrorTargetRequest,
  CreateTrafficMirrorTargetResult,
  DeleteTrafficMirrorTargetRequest,
  DeleteTrafficMirrorTargetResult,
  DescribeTrafficMirrorTargetsRequest,
  DescribeTrafficMirrorTargetsResult,
} from '@aws-sdk/client-ec2';
import { defineAction, TRAFFIC_MIRRORING_BOUNDS, type ActionContext, type ActionTable } from '../sim/action.js';
import { describe } from '../sim/describe.js';
import type { FilterFields } from '../sim/describe-filters.js';
import { invalidCombination, invalidParameter, SimulatedError } from '../sim/errors.js';
import { requireString } from '../sim/input.js';
import type { TargetRecord } from '../sim/records.js';
import { targetResourceKey } from '../sim/region-state.js';
import { tagsFromSpecifications } from '../sim/tags.js';
import { renderTarget, targetType } from './render.js';

export const ACCOUNT_RESOURCE_QUOTA = 10_000;

const fields: FilterFields<TargetRecord> = {
  'traffic-mirror-target-id': (target) => target.id,
  'network-interface-id': (target) => target.networkInterfaceId,
  'network-load-balancer-arn': (target) => target.networkLoadBalancerArn,
  'gateway-load-balancer-endpoint-id': (target) => target.gatewayLoadBalancerEndpointId,
  description: (target) => target.description,
  'owner-id': (target) => target.ownerId,
  type: (target) => targetType(target),
};

/** The observed AWS answer for a target on a missing resource is `InvalidTrafficMirrorTarget`. */
function checkTargetResource(context: ActionContext, input: CreateTrafficMirrorTargetRequest): void {
  const { region } = context;
  if (input.NetworkInterfaceId !== undefined) {
    const eni = region.networkInterfaces.get(input.NetworkInterfaceId);
    if (!eni || !context.visible(eni.id)) {
      throw new SimulatedError('InvalidTrafficMirrorTarget', `The interface ID '${input.NetworkInterfaceId}' does not exist`);
    }
    if (eni.type !== 'interface') {
      throw invalidParameter(`The network interface '${eni.id}' of type ${eni.type} cannot be a traffic mirror target`);
    }
  }
  if (input.NetworkLoadBalancerArn !== undefined) {
    const lb = region.loadBalancers.get(input.NetworkLoadBalancerArn);
    if (!lb) {
      throw new SimulatedError(
        'InvalidTrafficMirrorTarget',
        `The Network Load Balancer '${input.NetworkLoadBalancerArn}' does not exist`,
      );
    }
    if (lb.type !== 'network') {
      throw invalidParameter(`The load balancer '${lb.id}' is not a Network Load Balancer`);
    }
    // No public source says what EC2 answers for an NLB still provisioning [unverified]: the simulator refuses
    // with EC2's code for a resource in the wrong state, so a caller that does not wait for `active` fails.
    if (context.now < lb.activeAt) {
      throw new SimulatedError('IncorrectState', `The Network Load Balancer '${lb.id}' is not active yet (provisioning)`);
    }
  }
  if (input.GatewayLoadBalancerEndpointId !== undefined && !/^vpce-[0-9a-f]{8,17}$/.test(input.GatewayLoadBalancerEndpointId)) {
    throw invalidParameter(`The VPC endpoint ID '${input.GatewayLoadBalancerEndpointId}' is malformed`);
  }
}

/**
 * AWS holds one target per Network Load Balancer and per interface in an account, whoever made or tagged it
 * (EC2 error codes, see SPEC.md). The check reads the region's own state, not Describe, so a target still
 * propagating counts too. Nothing documents the rule for Gateway Load Balancer endpoints: it is not enforced.
 */
function checkResourceFree(context: ActionContext, input: CreateTrafficMirrorTargetRequest): void {
  const resource = targetResourceKey({
    networkInterfaceId: input.NetworkInterfaceId,
    networkLoadBalancerArn: input.NetworkLoadBalancerArn,
    gatewayLoadBalancerEndpointId: undefined,
  });
  if (resource === undefined) return;
  const existing = context.region.targetsOn(resource).find((target) => target.ownerId === context.accountId);
  if (existing === undefined) return;
  if (input.NetworkLoadBalancerArn !== undefined) {
    throw new SimulatedError(
      'NlbInUseByTrafficMirrorTargetException',
      `The Network Load Balancer is already configured as a Traffic Mirror target: ${existing.id}`,
    );
  }
  throw new SimulatedError(
    'InterfaceInUseByTrafficMirrorTarget',
    `The interface '${input.NetworkInterfaceId ?? ''}' is already associated with the Traffic Mirror target ${existing.id}`,
  );
}

export const targetActions: ActionTable = {
  CreateTrafficMirrorTarget: defineAction({
    throttle: 'mutating',
    mutating: true,
    idempotent: true,
    handler: (context, input: CreateTrafficMirrorTargetRequest): CreateTrafficMirrorTargetResult => {
      const kinds = [input.NetworkInterfaceId, input.NetworkLoadBalancerArn, input.GatewayLoadBalancerEndpointId];
      if (kinds.filter((kind) => kind !== undefined).length !== 1) {
        throw invalidCombination(
          'Exactly one of NetworkInterfaceId, NetworkLoadBalancerArn or GatewayLoadBalancerEndpointId must be specified',
        );
      }
      checkTargetResource(context, input);
      checkResourceFree(context, input);
      const tags = tagsFromSpecifications(input.TagSpecifications, 'traffic-mirror-target');
      if (context.region.targets.size - context.region.linkedCount('target') >= ACCOUNT_RESOURCE_QUOTA) {
        throw new SimulatedError(
          'TrafficMirrorTargetLimitExceeded',
          `The maximum number of traffic mirror targets (${ACCOUNT_RESOURCE_QUOTA}) has been reached`,
        );
      }
      const target: TargetRecord = {
        id: context.newId('tmt'),
        networkInterfaceId: input.NetworkInterfaceId,
        networkLoadBalancerArn: input.NetworkLoadBalancerArn,
        gatewayLoadBalancerEndpointId: input.GatewayLoadBalancerEndpointId,
        description: input.Description,
        ownerId: context.accountId,
        sharedWith: [],
        tags,
      };
      context.region.addTarget(target);
      context.created(target.id);
      return { TrafficMirrorTarget: renderTarget(target), ClientToken: input.ClientToken };
    },
  }),

  DeleteTrafficMirrorTarget: defineAction({
    throttle: 'mutating',
    mutating: true,
    handler: (context, input: DeleteTrafficMirrorTargetRequest): DeleteTrafficMirrorTargetResult => {
      const id = requireString(input.TrafficMirrorTargetId, 'TrafficMirrorTargetId');
      const target = context.find(context.region.targets, id);
      if (target.ownerId !== context.accountId) {
        // A target shared with this account through RAM: "Only the traffic mirror target owner can modify or delete it."
        throw new SimulatedError('OperationNotPermitted', `Traffic mirror target ${id} is owned by account ${target.ownerId}`);
      }
      if (context.region.sessionsUsingTarget(id).length > 0) {
        throw new SimulatedError(
          'TrafficMirrorTargetInUseException',
          `Traffic mirror target ${id} cannot be deleted because it is in use by one or more traffic mirror sessions`,
        );
      }
      context.region.removeTarget(id);
      return { TrafficMirrorTargetId: id };
    },
  }),

  DescribeTrafficMirrorTargets: defineAction({
    throttle: 'non-mutating',
    mutating: false,
    handler: (context, input: DescribeTrafficMirrorTargetsRequest): DescribeTrafficMirrorTargetsResult => {
      const page = describe(context, {
        input,
        collection: context.region.targets,
        ids: input.TrafficMirrorTargetIds,
        fields,
        tagsOf: (target) => target.tags,
        bounds: TRAFFIC_MIRRORING_BOUNDS,
      });
      return { TrafficMirrorTargets: page.items.map(renderTarget), NextToken: page.nextToken };
    },
  }),
};
