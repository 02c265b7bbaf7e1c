/** Create/Delete/Modify/DescribeTrafficMirrorFilterRules with the rule constraints EC2 enforces. */
import type {
  CreateTrafficMirrorFilterRuleRequest,
  CreateTrafficMirrorFilterRuleResult,
  DeleteTrafficMirrorFilterRuleRequest,
  DeleteTrafficMirrorFilterRuleResult,
  DescribeTrafficMirrorFilterRulesRequest,
  DescribeTrafficMirrorFilterRulesResult,
  ModifyTrafficMirrorFilterRuleRequest,
  ModifyTrafficMirrorFilterRuleResult,
  TrafficMirrorPortRangeRequest,
} from '@aws-sdk/client-ec2';
import type { PortRangeSpec } from '../file/types.js';
import { defineAction, TRAFFIC_MIRRORING_BOUNDS, type ActionContext, type ActionTable } from '../sim/action.js';
import { cidrFamily } from '../sim/cidr.js';
import { describe } from '../sim/describe.js';
import type { FilterFields } from '../sim/describe-filters.js';
import { invalidParameter, SimulatedError } from '../sim/errors.js';
import { checkRange, oneOf, requireInteger, requireString } from '../sim/input.js';
import type { FilterRecord, RuleRecord } from '../sim/records.js';
import { tagsFromSpecifications } from '../sim/tags.js';
import { renderRule } from './render.js';

const RULES_PER_FILTER = 10;
const DIRECTIONS = ['ingress', 'egress'] as const;
const ACTIONS = ['accept', 'reject'] as const;
const REMOVABLE_FIELDS = ['destination-port-range', 'source-port-range', 'protocol', 'description'] as const;
const PORT_PROTOCOLS = new Set([6, 17]);

const fields: FilterFields<RuleRecord> = {
  'traffic-mirror-filter-rule-id': (rule) => rule.id,
  'traffic-mirror-filter-id': (rule) => rule.filterId,
  'rule-number': (rule) => rule.number,
  'rule-action': (rule) => rule.action,
  'traffic-direction': (rule) => rule.direction,
  protocol: (rule) => rule.protocol,
  'source-cidr-block': (rule) => rule.source,
  'destination-cidr-block': (rule) => rule.destination,
  description: (rule) => rule.description,
};

function portRange(range: TrafficMirrorPortRangeRequest | undefined, name: string): PortRangeSpec | undefined {
  if (range === undefined) return undefined;
  if (range.FromPort === undefined || range.ToPort === undefined) {
    throw invalidParameter(`${name} must specify both FromPort and ToPort`);
  }
  checkRange(range.FromPort, `${name}.FromPort`, 0, 65535);
  checkRange(range.ToPort, `${name}.ToPort`, 0, 65535);
  if (range.FromPort > range.ToPort) throw invalidParameter(`${name}.FromPort must not be greater than ${name}.ToPort`);
  return { from: range.FromPort, to: range.ToPort };
}

/** The checks a rule must pass whether it is created or modified. */
/** The rule a Modify or Delete names, or AWS's NotFound. */
const ruleOf = (context: ActionContext, id: string | undefined): RuleRecord =>
  context.find(context.region.rules, requireString(id, 'TrafficMirrorFilterRuleId'));

function checkRule(rule: RuleRecord, filter: FilterRecord, context: ActionContext): void {
  checkRange(rule.number, 'RuleNumber', 1, 32766);
  checkRange(rule.protocol, 'Protocol', 0, 255);
  const source = cidrFamily(rule.source);
  const destination = cidrFamily(rule.destination);
  if (source === undefined) throw invalidParameter(`The CIDR block '${rule.source}' is not a valid network address`);
  if (destination === undefined) throw invalidParameter(`The CIDR block '${rule.destination}' is not a valid network address`);
  if (source !== destination) {
    throw invalidParameter('The source and destination CIDR blocks must both be either IPv4 ranges or IPv6 ranges');
  }
  if ((rule.sourcePorts || rule.destinationPorts) && (rule.protocol === undefined || !PORT_PROTOCOLS.has(rule.protocol))) {
    throw invalidParameter('Port ranges can only be specified for the TCP (6) and UDP (17) protocols');
  }
  for (const otherId of filter.ruleIds) {
    const other = context.region.rules.get(otherId);
    if (other && other.id !== rule.id && other.direction === rule.direction && other.number === rule.number) {
      throw new SimulatedError(
        'TrafficMirrorFilterRuleAlreadyExists',
        `A rule with number ${rule.number} already exists in the ${rule.direction} direction of traffic mirror filter ${filter.id}`,
      );
    }
  }
}

export const filterRuleActions: ActionTable = {
  CreateTrafficMirrorFilterRule: defineAction({
    throttle: 'mutating',
    mutating: true,
    idempotent: true,
    handler: (context, input: CreateTrafficMirrorFilterRuleRequest): CreateTrafficMirrorFilterRuleResult => {
      const filter = context.reference(
        context.region.filters,
        requireString(input.TrafficMirrorFilterId, 'TrafficMirrorFilterId'),
      );
      const rule: RuleRecord = {
        id: '',
        filterId: filter.id,
        direction: oneOf(input.TrafficDirection, 'TrafficDirection', DIRECTIONS),
        number: requireInteger(input.RuleNumber, 'RuleNumber'),
        action: oneOf(input.RuleAction, 'RuleAction', ACTIONS),
        protocol: input.Protocol,
        source: requireString(input.SourceCidrBlock, 'SourceCidrBlock'),
        destination: requireString(input.DestinationCidrBlock, 'DestinationCidrBlock'),
        sourcePorts: portRange(input.SourcePortRange, 'SourcePortRange'),
        destinationPorts: portRange(input.DestinationPortRange, 'DestinationPortRange'),
        description: input.Description,
        tags: tagsFromSpecifications(input.TagSpecifications, 'traffic-mirror-filter-rule'),
      };
      checkRule(rule, filter, context);
      if (filter.ruleIds.length >= RULES_PER_FILTER) {
        throw new SimulatedError(
          'TrafficMirrorFilterRuleLimitExceeded',
          `Traffic mirror filter ${filter.id} already has the maximum of ${RULES_PER_FILTER} rules`,
        );
      }
      const created: RuleRecord = { ...rule, id: context.newId('tmfr') };
      context.region.rules.add(created);
      filter.ruleIds.push(created.id);
      context.created(created.id);
      return { TrafficMirrorFilterRule: renderRule(created), ClientToken: input.ClientToken };
    },
  }),

  DeleteTrafficMirrorFilterRule: defineAction({
    throttle: 'mutating',
    mutating: true,
    handler: (context, input: DeleteTrafficMirrorFilterRuleRequest): DeleteTrafficMirrorFilterRuleResult => {
      const rule = ruleOf(context, input.TrafficMirrorFilterRuleId);
      const filter = context.region.filters.get(rule.filterId);
      if (filter) filter.ruleIds = filter.ruleIds.filter((id) => id !== rule.id);
      context.region.rules.delete(rule.id);
      return { TrafficMirrorFilterRuleId: rule.id };
    },
  }),

  ModifyTrafficMirrorFilterRule: defineAction({
    throttle: 'mutating',
    mutating: true,
    handler: (context, input: ModifyTrafficMirrorFilterRuleRequest): ModifyTrafficMirrorFilterRuleResult => {
      const rule = ruleOf(context, input.TrafficMirrorFilterRuleId);
      const remove = new Set<string>(input.RemoveFields ?? []);
      for (const field of remove) oneOf(field, 'RemoveFields', REMOVABLE_FIELDS);
      const keep = <T>(field: string, next: T | undefined, current: T | undefined): T | undefined =>
        remove.has(field) ? undefined : (next ?? current);
      const updated: RuleRecord = {
        ...rule,
        direction:
          input.TrafficDirection === undefined ? rule.direction : oneOf(input.TrafficDirection, 'TrafficDirection', DIRECTIONS),
        number: input.RuleNumber ?? rule.number,
        action: input.RuleAction === undefined ? rule.action : oneOf(input.RuleAction, 'RuleAction', ACTIONS),
        protocol: keep('protocol', input.Protocol, rule.protocol),
        source: input.SourceCidrBlock ?? rule.source,
        destination: input.DestinationCidrBlock ?? rule.destination,
        sourcePorts: keep('source-port-range', portRange(input.SourcePortRange, 'SourcePortRange'), rule.sourcePorts),
        destinationPorts: keep(
          'destination-port-range',
          portRange(input.DestinationPortRange, 'DestinationPortRange'),
          rule.destinationPorts,
        ),
        description: keep('description', input.Description, rule.description),
      };
      const filter = context.find(context.region.filters, rule.filterId);
      checkRule(updated, filter, context);
      Object.assign(rule, updated);
      // AWS does not return tags from ModifyTrafficMirrorFilterRule.
      return { TrafficMirrorFilterRule: renderRule(rule, false) };
    },
  }),

  DescribeTrafficMirrorFilterRules: defineAction({
    throttle: 'non-mutating',
    mutating: false,
    handler: (context, input: DescribeTrafficMirrorFilterRulesRequest): DescribeTrafficMirrorFilterRulesResult => {
      const filterId = input.TrafficMirrorFilterId;
      if (filterId !== undefined) context.find(context.region.filters, filterId);
      const page = describe(context, {
        input,
        collection: context.region.rules,
        ids: input.TrafficMirrorFilterRuleIds,
        fields,
        tagsOf: (rule) => rule.tags,
        bounds: TRAFFIC_MIRRORING_BOUNDS,
        ...(filterId === undefined ? {} : { scope: (rule: RuleRecord) => rule.filterId === filterId }),
      });
      return { TrafficMirrorFilterRules: page.items.map((rule) => renderRule(rule)), NextToken: page.nextToken };
    },
  }),
};
