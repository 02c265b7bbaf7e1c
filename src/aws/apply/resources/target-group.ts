/**
 * The UDP 4789 target group of a managed load balancer's sensors. Its health check changes in place
 * (ModifyTargetGroup); its VPC, target type, protocol and port do not. Deleting it deregisters its sensors.
 */
import {
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  DescribeTargetGroupsCommand,
  ModifyTargetGroupCommand,
  type ModifyTargetGroupInput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { HEALTH_ATTRIBUTES } from '../../../core/planner/managed/plan-managed.js';
import type { DesiredTargetGroup } from '../../../core/types/plan.js';
import type { ResourceHandler } from '../handler.js';
import { singleAttempt } from '../single-attempt.js';
import { createByName, elbTags, syncElbTags } from './elb-common.js';

/** VXLAN: mirrored packets arrive on UDP 4789. */
const PORT = 4789;

function healthCheck(group: DesiredTargetGroup, changed?: ReadonlySet<string>): Omit<ModifyTargetGroupInput, 'TargetGroupArn'> {
  const wants = (attribute: string): boolean => changed === undefined || changed.has(attribute);
  return {
    ...(wants('healthCheckProtocol') ? { HealthCheckProtocol: group.healthCheckProtocol } : {}),
    ...(wants('healthCheckPort') ? { HealthCheckPort: String(group.healthCheckPort) } : {}),
    ...(wants('healthCheckPath') && group.healthCheckPath !== undefined ? { HealthCheckPath: group.healthCheckPath } : {}),
    ...(wants('healthyThreshold') ? { HealthyThresholdCount: group.healthyThreshold } : {}),
    ...(wants('unhealthyThreshold') ? { UnhealthyThresholdCount: group.unhealthyThreshold } : {}),
    ...(wants('healthCheckIntervalSeconds') ? { HealthCheckIntervalSeconds: group.healthCheckIntervalSeconds } : {}),
    ...(wants('healthCheckTimeoutSeconds') ? { HealthCheckTimeoutSeconds: group.healthCheckTimeoutSeconds } : {}),
  };
}

export const targetGroupHandler: ResourceHandler<DesiredTargetGroup> = {
  modifiable: HEALTH_ATTRIBUTES,
  immutable: ['vpcId', 'targetType', 'protocol', 'loadBalancer', 'name'],

  async create(ctx, desired) {
    return createByName(ctx, {
      operation: 'CreateTargetGroup',
      takenCodes: ['DuplicateTargetGroupNameException', 'DuplicateTargetGroupName'],
      expected: desired.tags,
      create: async () => {
        const output = await ctx.elb({
          operation: 'CreateTargetGroup',
          references: [],
          send: (elb) =>
            elb.send(
              singleAttempt(
                new CreateTargetGroupCommand({
                  Name: desired.name,
                  Protocol: 'UDP',
                  Port: PORT,
                  VpcId: desired.vpcId,
                  TargetType: desired.targetType,
                  ...healthCheck(desired),
                  Tags: elbTags(desired.tags),
                }),
              ),
            ),
        });
        return output.TargetGroups?.[0]?.TargetGroupArn;
      },
      findByName: async () => {
        const output = await ctx.elb({
          operation: 'DescribeTargetGroups',
          references: [],
          send: (elb) => elb.send(singleAttempt(new DescribeTargetGroupsCommand({ Names: [desired.name] }))),
        });
        return output.TargetGroups?.[0]?.TargetGroupArn;
      },
    });
  },

  async update(ctx, arn, _before, after, changed) {
    const settings = healthCheck(after, changed);
    if (Object.keys(settings).length === 0) return;
    await ctx.elb({
      operation: 'ModifyTargetGroup',
      references: [arn],
      send: (elb) => elb.send(singleAttempt(new ModifyTargetGroupCommand({ TargetGroupArn: arn, ...settings }))),
    });
  },

  async remove(ctx, arn) {
    await ctx.elbRemove({
      operation: 'DeleteTargetGroup',
      references: [arn],
      send: (elb) => elb.send(singleAttempt(new DeleteTargetGroupCommand({ TargetGroupArn: arn }))),
    });
  },

  syncTags: syncElbTags,
};
