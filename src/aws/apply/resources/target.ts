/**
 * Traffic mirror targets. AWS has no Modify for targets: only their tags change in place.
 */
import {
  CreateTrafficMirrorTargetCommand,
  DeleteTrafficMirrorTargetCommand,
  DescribeTrafficMirrorTargetsCommand,
} from '@aws-sdk/client-ec2';
import type { DesiredTarget } from '../../../core/types/plan.js';
import type { ResourceHandler } from '../handler.js';
import { createConfirmed, type Describe } from '../replay.js';
import { singleAttempt } from '../single-attempt.js';
import { tagSpecifications } from '../tags.js';
import { waitUntilActive } from './wait-active.js';

export const targetHandler: ResourceHandler<DesiredTarget> = {
  modifiable: [],
  immutable: ['networkInterfaceId', 'networkLoadBalancerArn', 'gatewayLoadBalancerEndpointId', 'loadBalancer', 'description'],

  async create(ctx, desired, clientToken) {
    const loadBalancerArn =
      desired.networkLoadBalancerArn ?? (desired.loadBalancer === undefined ? undefined : ctx.resolve(desired.loadBalancer));
    // A managed load balancer takes minutes to provision: the target waits for it to be active.
    if (desired.loadBalancer !== undefined && loadBalancerArn !== undefined) await waitUntilActive(ctx, loadBalancerArn);
    return createConfirmed(ctx, clientToken, {
      operation: 'CreateTrafficMirrorTarget',
      noun: 'target',
      references: [],
      describe: describeTarget,
      send: (ec2, token) =>
        ec2.send(
          singleAttempt(
            new CreateTrafficMirrorTargetCommand({
              ...(desired.networkInterfaceId === undefined ? {} : { NetworkInterfaceId: desired.networkInterfaceId }),
              ...(loadBalancerArn === undefined ? {} : { NetworkLoadBalancerArn: loadBalancerArn }),
              ...(desired.gatewayLoadBalancerEndpointId === undefined
                ? {}
                : { GatewayLoadBalancerEndpointId: desired.gatewayLoadBalancerEndpointId }),
              Description: desired.description,
              TagSpecifications: tagSpecifications('traffic-mirror-target', desired.tags),
              ClientToken: token,
            }),
          ),
        ),
      idOf: (output) => output.TrafficMirrorTarget?.TrafficMirrorTargetId,
    });
  },

  async update() {
    // Nothing but tags can change, and tags are synchronised for every type.
  },

  async remove(ctx, id) {
    await ctx.remove({
      operation: 'DeleteTrafficMirrorTarget',
      references: [id],
      send: (ec2) => ec2.send(singleAttempt(new DeleteTrafficMirrorTargetCommand({ TrafficMirrorTargetId: id }))),
    });
  },
};

const describeTarget: Describe = {
  operation: 'DescribeTrafficMirrorTargets',
  lists: async (ec2, id) => {
    const output = await ec2.send(singleAttempt(new DescribeTrafficMirrorTargetsCommand({ TrafficMirrorTargetIds: [id] })));
    return (output.TrafficMirrorTargets ?? []).some((target) => target.TrafficMirrorTargetId === id);
  },
};
