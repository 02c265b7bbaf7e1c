/**
 * Traffic mirror sessions. Everything but the source interface changes in place: a session is re-pointed to a
 * new target or filter with one Modify call. Attributes that became unset go in RemoveFields (full packet,
 * no description, a VNI chosen by AWS).
 */
import {
  CreateTrafficMirrorSessionCommand,
  DeleteTrafficMirrorSessionCommand,
  ModifyTrafficMirrorSessionCommand,
  type ModifyTrafficMirrorSessionRequest,
  type TrafficMirrorSessionField,
} from '@aws-sdk/client-ec2';
import type { DesiredSession } from '../../../core/types/plan.js';
import type { ActionContext } from '../action-context.js';
import type { ResourceHandler } from '../handler.js';
import { createSession, describeSession } from '../session-conflict.js';
import { singleAttempt } from '../single-attempt.js';
import { tagSpecifications } from '../tags.js';

export const sessionHandler: ResourceHandler<DesiredSession> = {
  modifiable: ['target', 'filter', 'sessionNumber', 'packetLength', 'virtualNetworkId', 'description'],
  immutable: ['networkInterfaceId'],

  async create(ctx, desired, clientToken) {
    const targetId = ctx.resolve(desired.target);
    const filterId = ctx.resolve(desired.filter);
    return createSession(ctx, { desired, targetId, filterId }, clientToken, (number) => ({
      operation: 'CreateTrafficMirrorSession',
      noun: 'session',
      references: [desired.networkInterfaceId, targetId, filterId],
      describe: describeSession,
      send: (ec2, token) =>
        ec2.send(
          singleAttempt(
            new CreateTrafficMirrorSessionCommand({
              NetworkInterfaceId: desired.networkInterfaceId,
              TrafficMirrorTargetId: targetId,
              TrafficMirrorFilterId: filterId,
              SessionNumber: number,
              ...(desired.packetLength === undefined ? {} : { PacketLength: desired.packetLength }),
              ...(desired.virtualNetworkId === undefined ? {} : { VirtualNetworkId: desired.virtualNetworkId }),
              ...(desired.description === '' ? {} : { Description: desired.description }),
              TagSpecifications: tagSpecifications('traffic-mirror-session', desired.tags),
              ClientToken: token,
            }),
          ),
        ),
      idOf: (output) => output.TrafficMirrorSession?.TrafficMirrorSessionId,
    }));
  },

  async update(ctx, id, _before, after, changed) {
    const request = modifyRequest(ctx, id, after, changed);
    if (request === undefined) return;
    await ctx.call({
      operation: 'ModifyTrafficMirrorSession',
      references: [id, request.TrafficMirrorTargetId, request.TrafficMirrorFilterId].filter(isString),
      send: (ec2) => ec2.send(singleAttempt(new ModifyTrafficMirrorSessionCommand(request))),
    });
  },

  async remove(ctx, id) {
    await ctx.remove({
      operation: 'DeleteTrafficMirrorSession',
      references: [id],
      send: (ec2) => ec2.send(singleAttempt(new DeleteTrafficMirrorSessionCommand({ TrafficMirrorSessionId: id }))),
    });
  },
};

function modifyRequest(
  ctx: ActionContext,
  id: string,
  after: DesiredSession,
  changed: ReadonlySet<string>,
): ModifyTrafficMirrorSessionRequest | undefined {
  const request: ModifyTrafficMirrorSessionRequest = { TrafficMirrorSessionId: id };
  const removeFields: TrafficMirrorSessionField[] = [];
  if (changed.has('target')) request.TrafficMirrorTargetId = ctx.resolve(after.target);
  if (changed.has('filter')) request.TrafficMirrorFilterId = ctx.resolve(after.filter);
  if (changed.has('sessionNumber')) request.SessionNumber = after.sessionNumber;
  if (changed.has('packetLength')) {
    if (after.packetLength === undefined) removeFields.push('packet-length');
    else request.PacketLength = after.packetLength;
  }
  if (changed.has('virtualNetworkId')) {
    if (after.virtualNetworkId === undefined) removeFields.push('virtual-network-id');
    else request.VirtualNetworkId = after.virtualNetworkId;
  }
  if (changed.has('description')) {
    if (after.description === '') removeFields.push('description');
    else request.Description = after.description;
  }
  if (removeFields.length > 0) request.RemoveFields = removeFields;
  return Object.keys(request).length > 1 ? request : undefined;
}

function isString(value: string | undefined): value is string {
  return value !== undefined;
}
