/**
 * One sensor in a managed target group. ELBv2 gives a registration no id, so the plan names it
 * `<group ARN>|<target id>`; registering twice and deregistering what is gone are both harmless.
 */
import { DeregisterTargetsCommand, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { parseRegistrationId, registrationId } from '../../../core/keys.js';
import type { DesiredTargetRegistration } from '../../../core/types/plan.js';
import { ActionFailure } from '../action-context.js';
import type { ResourceHandler } from '../handler.js';
import { singleAttempt } from '../single-attempt.js';

export const registrationHandler: ResourceHandler<DesiredTargetRegistration> = {
  modifiable: [],
  immutable: ['targetGroup', 'targetId', 'targetType'],

  async create(ctx, desired) {
    const targetGroupArn = ctx.resolve(desired.targetGroup);
    await ctx.elb({
      operation: 'RegisterTargets',
      references: [targetGroupArn],
      send: (elb) => elb.send(singleAttempt(new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: [{ Id: desired.targetId }] }))),
    });
    return registrationId(targetGroupArn, desired.targetId);
  },

  async update() {
    // A registration has nothing to change: another sensor is another registration.
  },

  async remove(ctx, id) {
    const { targetGroupArn, targetId } = parseRegistrationId(id);
    try {
      await ctx.elbRemove({
        operation: 'DeregisterTargets',
        references: [targetGroupArn],
        send: (elb) => elb.send(singleAttempt(new DeregisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: [{ Id: targetId }] }))),
      });
    } catch (error) {
      // Not registered (any more): the goal of a deregistration.
      if (!(error instanceof ActionFailure && error.error.code.startsWith('InvalidTarget'))) throw error;
    }
  },
};
