/**
 * A rule create refused with TrafficMirrorFilterRuleAlreadyExists: the slot (direction and number) is taken.
 * Re-read the filter's rules and re-decide: the rule this create would make is already there (another run made
 * it under a token of its own) → done by another run; anything else in the slot keeps the original failure.
 */
import {
  DescribeTrafficMirrorFilterRulesCommand,
  type TrafficMirrorFilterRule,
  type TrafficMirrorPortRange,
} from '@aws-sdk/client-ec2';
import type { DesiredRule } from '../../core/types/plan.js';
import { ActionFailure, type ActionContext } from './action-context.js';
import { singleAttempt } from './single-attempt.js';

/** The id of the equivalent rule another run made, or undefined when `error` is not that conflict. */
export async function ruleMadeElsewhere(
  ctx: ActionContext,
  error: unknown,
  filterId: string,
  desired: DesiredRule,
): Promise<string | undefined> {
  if (!(error instanceof ActionFailure) || error.error.code !== 'TrafficMirrorFilterRuleAlreadyExists') return undefined;
  const rules: TrafficMirrorFilterRule[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ctx.call({
      operation: 'DescribeTrafficMirrorFilterRules',
      references: [filterId],
      read: true,
      send: (ec2) =>
        ec2.send(
          singleAttempt(
            new DescribeTrafficMirrorFilterRulesCommand({
              TrafficMirrorFilterId: filterId,
              ...(nextToken === undefined ? {} : { NextToken: nextToken }),
            }),
          ),
        ),
    });
    rules.push(...(page.TrafficMirrorFilterRules ?? []));
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  const same = rules.find((rule) => isEquivalent(rule, desired));
  return same?.TrafficMirrorFilterRuleId === undefined ? undefined : ctx.doneByAnotherRun(same.TrafficMirrorFilterRuleId);
}

function isEquivalent(rule: TrafficMirrorFilterRule, desired: DesiredRule): boolean {
  const ports = (range: TrafficMirrorPortRange | undefined) =>
    range === undefined ? undefined : `${range.FromPort ?? ''}-${range.ToPort ?? ''}`;
  const wanted = (range: { from: number; to: number } | undefined) => (range === undefined ? undefined : `${range.from}-${range.to}`);
  const tags = new Map((rule.Tags ?? []).map((tag) => [tag.Key, tag.Value]));
  return (
    rule.TrafficDirection === desired.direction &&
    rule.RuleNumber === desired.number &&
    rule.RuleAction === desired.action &&
    rule.Protocol === desired.protocol &&
    rule.SourceCidrBlock === desired.source &&
    rule.DestinationCidrBlock === desired.destination &&
    ports(rule.SourcePortRange) === wanted(desired.sourcePorts) &&
    ports(rule.DestinationPortRange) === wanted(desired.destinationPorts) &&
    (rule.Description ?? '') === (desired.description ?? '') &&
    Object.entries(desired.tags).every(([key, value]) => tags.get(key) === value)
  );
}
