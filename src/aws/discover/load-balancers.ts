/**
 * Reads the Network Load Balancers that the policy's targets name, and only those: per load balancer one
 * DescribeListeners and one DescribeTargetGroups (one page each below 400 listeners or groups), then one
 * DescribeTargetHealth per target group. A few calls per load balancer, never one per instance.
 * An ARN that ELBv2 does not know is observed as not found (the planner warns about it); any other failure
 * fails discovery, as every read does.
 */
import {
  DescribeTargetHealthCommand,
  paginateDescribeListeners,
  paginateDescribeTargetGroups,
  type ElasticLoadBalancingV2Client,
  type Listener,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ObservedListener, ObservedLoadBalancer, ObservedLoadBalancerTarget } from '../../core/types/observed.js';
import { compare, present, required } from './fields.js';
import { readAllPages, readFailure, reportPage, type ReadScope } from './pages.js';

/** PageSize ceiling of the ELBv2 Describe actions. */
const MAX_PAGE = 400;
const SERVICE = 'elasticloadbalancing';
const NOT_FOUND_CODES = new Set(['LoadBalancerNotFound', 'LoadBalancerNotFoundException']);

export async function readLoadBalancers(
  client: ElasticLoadBalancingV2Client,
  scope: ReadScope,
  arns: readonly string[],
): Promise<ObservedLoadBalancer[]> {
  const unique = [...new Set(arns)].sort(compare);
  return Promise.all(unique.map((arn) => readLoadBalancer(client, scope, arn)));
}

async function readLoadBalancer(
  client: ElasticLoadBalancingV2Client,
  scope: ReadScope,
  arn: string,
): Promise<ObservedLoadBalancer> {
  const config = { client, pageSize: MAX_PAGE };
  try {
    const [listeners, groups] = await Promise.all([
      readAllPages(
        scope,
        'DescribeListeners',
        (send) => paginateDescribeListeners(config, { LoadBalancerArn: arn }, send),
        (page) => (page.Listeners ?? []).map(toListener),
        SERVICE,
      ),
      readAllPages(
        scope,
        'DescribeTargetGroups',
        (send) => paginateDescribeTargetGroups(config, { LoadBalancerArn: arn }, send),
        (page) => page.TargetGroups ?? [],
        SERVICE,
      ),
    ]);
    const targets = await Promise.all(groups.map((group) => readTargets(client, scope, group)));
    return { arn, listeners: sortedListeners(listeners), targets: uniqueTargets(targets.flat()) };
  } catch (error) {
    if (isLoadBalancerNotFound(error)) return { arn, notFound: true, listeners: [], targets: [] };
    throw error;
  }
}

function toListener(listener: Listener): ObservedListener {
  return { protocol: required(listener.Protocol, 'Protocol'), port: required(listener.Port, 'Port') };
}

/** Instance and IP targets; Lambda and ALB targets cannot be sensors of mirrored traffic and are not read. */
async function readTargets(
  client: ElasticLoadBalancingV2Client,
  scope: ReadScope,
  group: TargetGroup,
): Promise<ObservedLoadBalancerTarget[]> {
  const type = group.TargetType ?? 'instance';
  if (type !== 'instance' && type !== 'ip') return [];
  const action = 'DescribeTargetHealth';
  try {
    const arn = required(group.TargetGroupArn, 'TargetGroupArn');
    const output = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }), {
      abortSignal: scope.signal,
    });
    const targets = (output.TargetHealthDescriptions ?? []).map((description): ObservedLoadBalancerTarget => {
      const id = required(description.Target?.Id, 'Target.Id');
      // AvailabilityZone "all" marks an IP outside the target group's VPC (peered VPC, on premises).
      const inGroupVpc = type === 'ip' && description.Target?.AvailabilityZone !== 'all';
      return { id, type, ...(inGroupVpc ? present('vpcId', group.VpcId) : {}) };
    });
    reportPage(scope, action, targets.length);
    return targets;
  } catch (error) {
    throw readFailure(scope, action, SERVICE, error);
  }
}

function sortedListeners(listeners: readonly ObservedListener[]): ObservedListener[] {
  return [...listeners].sort((a, b) => a.port - b.port || compare(a.protocol, b.protocol));
}

/** A target registered on several ports or in several groups is one sensor. */
function uniqueTargets(targets: readonly ObservedLoadBalancerTarget[]): ObservedLoadBalancerTarget[] {
  const byKey = new Map(targets.map((target) => [`${target.type}/${target.id}`, target]));
  return [...byKey.values()].sort((a, b) => compare(a.type, b.type) || compare(a.id, b.id));
}

/** The SDK's modeled exception, possibly wrapped by `readFailure` as the cause of a UserError. */
function isLoadBalancerNotFound(error: unknown): boolean {
  let current: unknown = error;
  while (current instanceof Error) {
    if (NOT_FOUND_CODES.has(current.name)) return true;
    current = current.cause;
  }
  return false;
}
