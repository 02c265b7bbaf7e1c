/**
 * Traffic mirror filter rules. Everything but the rule's filter changes in place; attributes that became unset
 * go in RemoveFields, which resets them to AWS's default (all protocols, all ports, no description).
 */
import {
  CreateTrafficMirrorFilterRuleCommand,
  DeleteTrafficMirrorFilterRuleCommand,
  DescribeTrafficMirrorFilterRulesCommand,
  ModifyTrafficMirrorFilterRuleCommand,
  type ModifyTrafficMirrorFilterRuleRequest,
  type TrafficMirrorFilterRuleField,
  type TrafficMirrorPortRangeRequest,
} from '@aws-sdk/client-ec2';
import type { DesiredRule } from '../../../core/types/plan.js';
import type { ResourceHandler } from '../handler.js';
import { createConfirmed, type Describe } from '../replay.js';
import { ruleMadeElsewhere } from '../rule-conflict.js';
import { singleAttempt } from '../single-attempt.js';
import { tagSpecifications } from '../tags.js';

export const filterRuleHandler: ResourceHandler<DesiredRule> = {
  modifiable: [
    'direction',
    'number',
    'action',
    'protocol',
    'source',
    'destination',
    'sourcePorts',
    'destinationPorts',
    'description',
  ],
  immutable: ['filter'],

  async create(ctx, desired, clientToken) {
    const filterId = ctx.resolve(desired.filter);
    const creating = createConfirmed(ctx, clientToken, {
      operation: 'CreateTrafficMirrorFilterRule',
      noun: 'rule',
      references: [filterId],
      describe: describeRule,
      send: (ec2, token) =>
        ec2.send(
          singleAttempt(
            new CreateTrafficMirrorFilterRuleCommand({
              TrafficMirrorFilterId: filterId,
              TrafficDirection: desired.direction,
              RuleNumber: desired.number,
              RuleAction: desired.action,
              SourceCidrBlock: desired.source,
              DestinationCidrBlock: desired.destination,
              ...(desired.protocol === undefined ? {} : { Protocol: desired.protocol }),
              ...(desired.sourcePorts === undefined ? {} : { SourcePortRange: portRange(desired.sourcePorts) }),
              ...(desired.destinationPorts === undefined
                ? {}
                : { DestinationPortRange: portRange(desired.destinationPorts) }),
              ...(desired.description === undefined ? {} : { Description: desired.description }),
              TagSpecifications: tagSpecifications('traffic-mirror-filter-rule', desired.tags),
              ClientToken: token,
            }),
          ),
        ),
      idOf: (output) => output.TrafficMirrorFilterRule?.TrafficMirrorFilterRuleId,
    });
    try {
      return await creating;
    } catch (error) {
      const existing = await ruleMadeElsewhere(ctx, error, filterId, desired);
      if (existing === undefined) throw error;
      return existing;
    }
  },

  async update(ctx, id, _before, after, changed) {
    const request = modifyRequest(id, after, changed);
    if (request === undefined) return;
    await ctx.call({
      operation: 'ModifyTrafficMirrorFilterRule',
      references: [id],
      send: (ec2) => ec2.send(singleAttempt(new ModifyTrafficMirrorFilterRuleCommand(request))),
    });
  },

  async remove(ctx, id) {
    await ctx.remove({
      operation: 'DeleteTrafficMirrorFilterRule',
      references: [id],
      send: (ec2) =>
        ec2.send(singleAttempt(new DeleteTrafficMirrorFilterRuleCommand({ TrafficMirrorFilterRuleId: id }))),
    });
  },
};

/** The Modify request for the changed attributes, or undefined when only tags changed. */
export function modifyRequest(
  id: string,
  after: DesiredRule,
  changed: ReadonlySet<string>,
): ModifyTrafficMirrorFilterRuleRequest | undefined {
  const request: ModifyTrafficMirrorFilterRuleRequest = { TrafficMirrorFilterRuleId: id };
  const removeFields: TrafficMirrorFilterRuleField[] = [];
  if (changed.has('direction')) request.TrafficDirection = after.direction;
  if (changed.has('number')) request.RuleNumber = after.number;
  if (changed.has('action')) request.RuleAction = after.action;
  if (changed.has('source')) request.SourceCidrBlock = after.source;
  if (changed.has('destination')) request.DestinationCidrBlock = after.destination;
  if (changed.has('sourcePorts')) {
    if (after.sourcePorts === undefined) removeFields.push('source-port-range');
    else request.SourcePortRange = portRange(after.sourcePorts);
  }
  if (changed.has('destinationPorts')) {
    if (after.destinationPorts === undefined) removeFields.push('destination-port-range');
    else request.DestinationPortRange = portRange(after.destinationPorts);
  }
  // AWS rejects a Modify that sets a port range without the protocol (Terraform learned this the hard way).
  const setsPorts = request.SourcePortRange !== undefined || request.DestinationPortRange !== undefined;
  if (changed.has('protocol') || setsPorts) {
    if (after.protocol !== undefined) request.Protocol = after.protocol;
    else if (changed.has('protocol')) removeFields.push('protocol');
  }
  if (changed.has('description')) {
    if (after.description === undefined || after.description === '') removeFields.push('description');
    else request.Description = after.description;
  }
  if (removeFields.length > 0) request.RemoveFields = removeFields;
  return Object.keys(request).length > 1 ? request : undefined;
}

function portRange(range: { readonly from: number; readonly to: number }): TrafficMirrorPortRangeRequest {
  return { FromPort: range.from, ToPort: range.to };
}

const describeRule: Describe = {
  operation: 'DescribeTrafficMirrorFilterRules',
  lists: async (ec2, id) => {
    const output = await ec2.send(
      singleAttempt(new DescribeTrafficMirrorFilterRulesCommand({ TrafficMirrorFilterRuleIds: [id] })),
    );
    return (output.TrafficMirrorFilterRules ?? []).some((rule) => rule.TrafficMirrorFilterRuleId === id);
  },
};
