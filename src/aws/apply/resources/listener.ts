/**
 * The UDP 4789 listener between a managed load balancer and its target group: without it AWS mirrors to the
 * load balancer and drops everything, silently. Only its default action changes in place.
 */
import {
  CreateListenerCommand,
  DeleteListenerCommand,
  ModifyListenerCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { DesiredListener } from '../../../core/types/plan.js';
import type { ResourceHandler } from '../handler.js';
import { singleAttempt } from '../single-attempt.js';
import { elbTags, syncElbTags } from './elb-common.js';

const forwardTo = (targetGroupArn: string) => [{ Type: 'forward' as const, TargetGroupArn: targetGroupArn }];

export const listenerHandler: ResourceHandler<DesiredListener> = {
  modifiable: ['targetGroup'],
  immutable: ['loadBalancer', 'protocol', 'port'],

  async create(ctx, desired) {
    const loadBalancerArn = ctx.resolve(desired.loadBalancer);
    const targetGroupArn = ctx.resolve(desired.targetGroup);
    // The same port with the same settings answers the existing listener (ELBv2 CreateListener), so a
    // retried create finds the first.
    const output = await ctx.elb({
      operation: 'CreateListener',
      references: [loadBalancerArn, targetGroupArn],
      send: (elb) =>
        elb.send(
          singleAttempt(
            new CreateListenerCommand({
              LoadBalancerArn: loadBalancerArn,
              Protocol: desired.protocol,
              Port: desired.port,
              DefaultActions: forwardTo(targetGroupArn),
              Tags: elbTags(desired.tags),
            }),
          ),
        ),
    });
    return ctx.returnedId(output.Listeners?.[0]?.ListenerArn, 'CreateListener', 'listener');
  },

  async update(ctx, arn, _before, after, changed) {
    if (!changed.has('targetGroup')) return;
    const targetGroupArn = ctx.resolve(after.targetGroup);
    await ctx.elb({
      operation: 'ModifyListener',
      references: [arn, targetGroupArn],
      send: (elb) => elb.send(singleAttempt(new ModifyListenerCommand({ ListenerArn: arn, DefaultActions: forwardTo(targetGroupArn) }))),
    });
  },

  async remove(ctx, arn) {
    await ctx.elbRemove({
      operation: 'DeleteListener',
      references: [arn],
      send: (elb) => elb.send(singleAttempt(new DeleteListenerCommand({ ListenerArn: arn }))),
    });
  },

  syncTags: syncElbTags,
};
