/**
 * Managed Network Load Balancers: created internal, in the policy's subnets, with its security groups (only
 * settable now) and ownership tags in the create itself; then its attributes. Zones are added in place
 * (SetSubnets); cross-zone and deletion protection are attributes. Deleting one turns its deletion
 * protection off first: only a load balancer this policy owns reaches here (the ownership guard), and the
 * policy no longer wants it.
 */
import {
  CreateLoadBalancerCommand,
  DeleteLoadBalancerCommand,
  DescribeLoadBalancersCommand,
  ModifyLoadBalancerAttributesCommand,
  SetSubnetsCommand,
  type LoadBalancerAttribute,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { DesiredLoadBalancer } from '../../../core/types/plan.js';
import type { ActionContext } from '../action-context.js';
import type { ResourceHandler } from '../handler.js';
import { singleAttempt } from '../single-attempt.js';
import { createByName, elbTags, syncElbTags } from './elb-common.js';

const CROSS_ZONE = 'load_balancing.cross_zone.enabled';
const DELETION_PROTECTION = 'deletion_protection.enabled';

async function setAttributes(ctx: ActionContext, arn: string, attributes: LoadBalancerAttribute[]): Promise<void> {
  if (attributes.length === 0) return;
  await ctx.elb({
    operation: 'ModifyLoadBalancerAttributes',
    references: [arn],
    send: (elb) => elb.send(singleAttempt(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: attributes }))),
  });
}

export const loadBalancerHandler: ResourceHandler<DesiredLoadBalancer> = {
  modifiable: ['subnets', 'crossZone', 'deletionProtection'],
  immutable: ['vpcId', 'securityGroups', 'scheme', 'name'],

  async create(ctx, desired) {
    const arn = await createByName(ctx, {
      operation: 'CreateLoadBalancer',
      takenCodes: ['DuplicateLoadBalancerNameException', 'DuplicateLoadBalancerName'],
      expected: desired.tags,
      create: async () => {
        const output = await ctx.elb({
          operation: 'CreateLoadBalancer',
          references: [],
          send: (elb) =>
            elb.send(
              singleAttempt(
                new CreateLoadBalancerCommand({
                  Name: desired.name,
                  Type: 'network',
                  Scheme: 'internal',
                  Subnets: [...desired.subnets],
                  ...(desired.securityGroups.length === 0 ? {} : { SecurityGroups: [...desired.securityGroups] }),
                  Tags: elbTags(desired.tags),
                }),
              ),
            ),
        });
        return output.LoadBalancers?.[0]?.LoadBalancerArn;
      },
      findByName: async () => {
        const output = await ctx.elb({
          operation: 'DescribeLoadBalancers',
          references: [],
          send: (elb) => elb.send(singleAttempt(new DescribeLoadBalancersCommand({ Names: [desired.name] }))),
        });
        return output.LoadBalancers?.[0]?.LoadBalancerArn;
      },
    });
    await setAttributes(ctx, arn, [
      { Key: CROSS_ZONE, Value: String(desired.crossZone) },
      { Key: DELETION_PROTECTION, Value: String(desired.deletionProtection) },
    ]);
    return arn;
  },

  async update(ctx, arn, _before, after, changed) {
    if (changed.has('subnets')) {
      await ctx.elb({
        operation: 'SetSubnets',
        references: [arn],
        send: (elb) => elb.send(singleAttempt(new SetSubnetsCommand({ LoadBalancerArn: arn, Subnets: [...after.subnets] }))),
      });
    }
    const attributes: LoadBalancerAttribute[] = [];
    if (changed.has('crossZone')) attributes.push({ Key: CROSS_ZONE, Value: String(after.crossZone) });
    if (changed.has('deletionProtection')) attributes.push({ Key: DELETION_PROTECTION, Value: String(after.deletionProtection) });
    await setAttributes(ctx, arn, attributes);
  },

  async remove(ctx, arn) {
    try {
      await setAttributes(ctx, arn, [{ Key: DELETION_PROTECTION, Value: 'false' }]);
    } catch (error) {
      // Gone already: its deletion below says the same without failing.
      if (!(error instanceof Error && 'error' in error && /NotFound/.test((error as { error: { code: string } }).error.code))) throw error;
    }
    await ctx.elbRemove({
      operation: 'DeleteLoadBalancer',
      references: [arn],
      send: (elb) => elb.send(singleAttempt(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }))),
    });
  },

  syncTags: syncElbTags,
};
