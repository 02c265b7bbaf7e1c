/**
 * Finds the ELBv2 resources mirrorctl made, by their tags: ELBv2 cannot filter Describe calls by tag, so it
 * pages through the region's load balancers and target groups (one page per 400) and reads their tags with
 * DescribeTags, 20 ARNs a call, the most it takes. Only the planned policy's own are read in detail: their
 * listeners and attributes (one call each per load balancer), their registered targets and health (one call
 * per target group). Another policy's are listed as found, so the planner can say whose they are.
 */
import {
  DescribeLoadBalancerAttributesCommand,
  DescribeTagsCommand,
  DescribeTargetHealthCommand,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
  type ElasticLoadBalancingV2Client,
  type Listener,
  type LoadBalancer,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { MANAGED_BY_TAG, MANAGED_BY_VALUE, POLICY_TAG } from '../../core/ownership.js';
import type {
  ObservedManagedListener,
  ObservedManagedLoadBalancer,
  ObservedManagedTargetGroup,
  ObservedRegisteredTarget,
} from '../../core/types/observed.js';
import type { Tags } from '../../core/types/policy.js';
import { compare, IncompleteResponse, present, required, tagRecord } from './fields.js';
import { readAllPages, readFailure, reportPage, type ReadScope } from './pages.js';

const MAX_PAGE = 400;
/** DescribeTags takes at most 20 resource ARNs. */
export const TAGS_PER_CALL = 20;
const SERVICE = 'elasticloadbalancing';

export interface ManagedLoadBalancing {
  readonly loadBalancers: ObservedManagedLoadBalancer[];
  readonly targetGroups: ObservedManagedTargetGroup[];
}

/**
 * `lookFirst`: where the policy places no load balancer, only the load balancers are listed first (one page,
 * and their tags when there are any): the target groups and details are read only when one of them is
 * mirrorctl's. A load balancer the policy made and no longer names is found that way, whatever is left of it
 * (one whose mirror target was never created, after an interrupted apply), for the price of one call where
 * there is nothing; a target group is made after its load balancer and deleted before it, so it is never the
 * only thing left.
 */
export async function readManagedLoadBalancing(
  client: ElasticLoadBalancingV2Client,
  scope: ReadScope,
  policyName: string,
  lookFirst = false,
): Promise<ManagedLoadBalancing> {
  try {
    return await readAll(client, scope, policyName, lookFirst);
  } catch (error) {
    // Fields a mapper found missing outside a page read; failures already named stay as they are.
    throw error instanceof IncompleteResponse ? readFailure(scope, 'DescribeLoadBalancers', SERVICE, error) : error;
  }
}

async function readAll(client: ElasticLoadBalancingV2Client, scope: ReadScope, policyName: string, lookFirst: boolean): Promise<ManagedLoadBalancing> {
  const config = { client, pageSize: MAX_PAGE };
  const readGroups = () =>
    readAllPages(scope, 'DescribeTargetGroups', (send) => paginateDescribeTargetGroups(config, {}, send), (page) => page.TargetGroups ?? [], SERVICE);
  const groupsRead = lookFirst ? undefined : readGroups();
  groupsRead?.catch(() => undefined);
  const loadBalancers = await readAllPages(
    scope,
    'DescribeLoadBalancers',
    (send) => paginateDescribeLoadBalancers(config, {}, send),
    (page) => (page.LoadBalancers ?? []).filter((lb) => lb.Type === 'network'),
    SERVICE,
  );
  const balancerArns = loadBalancers.map((lb) => required(lb.LoadBalancerArn, 'LoadBalancerArn'));
  let tags = lookFirst ? await readTags(client, scope, balancerArns) : new Map<string, Tags>();
  const anyManaged = balancerArns.some((arn) => tags.get(arn)?.[MANAGED_BY_TAG] === MANAGED_BY_VALUE);
  if (lookFirst && !anyManaged) return { loadBalancers: [], targetGroups: [] };
  const groups = await (groupsRead ?? readGroups());
  const groupArns = groups.map((group) => required(group.TargetGroupArn, 'TargetGroupArn'));
  const untagged = lookFirst ? groupArns : [...balancerArns, ...groupArns];
  tags = new Map([...tags, ...(await readTags(client, scope, untagged))]);
  const managed = (arn: string): Tags | undefined => {
    const found = tags.get(arn);
    return found?.[MANAGED_BY_TAG] === MANAGED_BY_VALUE ? found : undefined;
  };
  const ours = (found: Tags): boolean => found[POLICY_TAG] === policyName;
  const [observedLoadBalancers, observedGroups] = await Promise.all([
    Promise.all(
      loadBalancers.flatMap((lb) => {
        const found = managed(lb.LoadBalancerArn ?? '');
        return found === undefined ? [] : [toLoadBalancer(client, scope, lb, found, ours(found))];
      }),
    ),
    Promise.all(
      groups.flatMap((group) => {
        const found = managed(group.TargetGroupArn ?? '');
        return found === undefined ? [] : [toTargetGroup(client, scope, group, found, ours(found))];
      }),
    ),
  ]);
  return {
    loadBalancers: observedLoadBalancers.sort((a, b) => compare(a.arn, b.arn)),
    targetGroups: observedGroups.sort((a, b) => compare(a.arn, b.arn)),
  };
}

async function readTags(client: ElasticLoadBalancingV2Client, scope: ReadScope, arns: readonly string[]): Promise<Map<string, Tags>> {
  const batches: string[][] = [];
  for (let start = 0; start < arns.length; start += TAGS_PER_CALL) batches.push(arns.slice(start, start + TAGS_PER_CALL));
  const answers = await Promise.all(
    batches.map(async (batch) => {
      try {
        const output = await client.send(new DescribeTagsCommand({ ResourceArns: batch }), { abortSignal: scope.signal });
        reportPage(scope, 'DescribeTags', batch.length);
        return output.TagDescriptions ?? [];
      } catch (error) {
        throw readFailure(scope, 'DescribeTags', SERVICE, error);
      }
    }),
  );
  return new Map(answers.flat().map((description) => [required(description.ResourceArn, 'ResourceArn'), tagRecord(description.Tags)]));
}

async function toLoadBalancer(
  client: ElasticLoadBalancingV2Client,
  scope: ReadScope,
  lb: LoadBalancer,
  tags: Tags,
  detailed: boolean,
): Promise<ObservedManagedLoadBalancer> {
  const arn = required(lb.LoadBalancerArn, 'LoadBalancerArn');
  const zones = (lb.AvailabilityZones ?? [])
    .map((zone) => ({ subnetId: required(zone.SubnetId, 'AvailabilityZones.SubnetId'), availabilityZone: required(zone.ZoneName, 'AvailabilityZones.ZoneName') }))
    .sort((a, b) => compare(a.subnetId, b.subnetId));
  const base = {
    arn,
    name: required(lb.LoadBalancerName, 'LoadBalancerName'),
    vpcId: required(lb.VpcId, 'VpcId'),
    state: required(lb.State?.Code, 'State.Code'),
    scheme: required(lb.Scheme, 'Scheme'),
    zones,
    securityGroups: [...(lb.SecurityGroups ?? [])].sort(compare),
    tags,
  };
  if (!detailed) return { ...base, listeners: [] };
  const [listeners, attributes] = await Promise.all([
    readAllPages(
      scope,
      'DescribeListeners',
      (send) => paginateDescribeListeners({ client, pageSize: MAX_PAGE }, { LoadBalancerArn: arn }, send),
      (page) => (page.Listeners ?? []).map(toListener),
      SERVICE,
    ),
    readAttributes(client, scope, arn),
  ]);
  return {
    ...base,
    crossZone: attributes.get('load_balancing.cross_zone.enabled') === 'true',
    deletionProtection: attributes.get('deletion_protection.enabled') === 'true',
    listeners: listeners.sort((a, b) => a.port - b.port || compare(a.protocol, b.protocol)),
  };
}

function toListener(listener: Listener): ObservedManagedListener {
  const action = listener.DefaultActions?.find((item) => item.Type === 'forward');
  const targetGroupArn = action?.TargetGroupArn ?? action?.ForwardConfig?.TargetGroups?.[0]?.TargetGroupArn;
  return {
    arn: required(listener.ListenerArn, 'ListenerArn'),
    protocol: required(listener.Protocol, 'Protocol'),
    port: required(listener.Port, 'Port'),
    ...present('targetGroupArn', targetGroupArn),
  };
}

async function readAttributes(client: ElasticLoadBalancingV2Client, scope: ReadScope, arn: string): Promise<Map<string, string>> {
  const action = 'DescribeLoadBalancerAttributes';
  try {
    const output = await client.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }), { abortSignal: scope.signal });
    const attributes = output.Attributes ?? [];
    reportPage(scope, action, attributes.length);
    return new Map(attributes.map((attribute) => [attribute.Key ?? '', attribute.Value ?? '']));
  } catch (error) {
    throw readFailure(scope, action, SERVICE, error);
  }
}

async function toTargetGroup(
  client: ElasticLoadBalancingV2Client,
  scope: ReadScope,
  group: TargetGroup,
  tags: Tags,
  detailed: boolean,
): Promise<ObservedManagedTargetGroup> {
  const arn = required(group.TargetGroupArn, 'TargetGroupArn');
  return {
    arn,
    name: required(group.TargetGroupName, 'TargetGroupName'),
    vpcId: required(group.VpcId, 'VpcId'),
    protocol: required(group.Protocol, 'Protocol'),
    port: required(group.Port, 'Port'),
    targetType: group.TargetType ?? 'instance',
    healthCheck: {
      protocol: required(group.HealthCheckProtocol, 'HealthCheckProtocol'),
      port: group.HealthCheckPort ?? 'traffic-port',
      ...present('path', group.HealthCheckPath),
      intervalSeconds: required(group.HealthCheckIntervalSeconds, 'HealthCheckIntervalSeconds'),
      timeoutSeconds: required(group.HealthCheckTimeoutSeconds, 'HealthCheckTimeoutSeconds'),
      healthyThreshold: required(group.HealthyThresholdCount, 'HealthyThresholdCount'),
      unhealthyThreshold: required(group.UnhealthyThresholdCount, 'UnhealthyThresholdCount'),
    },
    loadBalancerArns: [...(group.LoadBalancerArns ?? [])].sort(compare),
    targets: detailed ? await readRegistered(client, scope, arn) : [],
    tags,
  };
}

async function readRegistered(client: ElasticLoadBalancingV2Client, scope: ReadScope, arn: string): Promise<ObservedRegisteredTarget[]> {
  const action = 'DescribeTargetHealth';
  try {
    const output = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }), { abortSignal: scope.signal });
    const targets = (output.TargetHealthDescriptions ?? []).map(
      (description): ObservedRegisteredTarget => ({
        id: required(description.Target?.Id, 'Target.Id'),
        port: required(description.Target?.Port, 'Target.Port'),
        state: description.TargetHealth?.State ?? 'unavailable',
        ...present('availabilityZone', description.Target?.AvailabilityZone),
      }),
    );
    reportPage(scope, action, targets.length);
    return targets.sort((a, b) => compare(a.id, b.id) || a.port - b.port);
  } catch (error) {
    throw readFailure(scope, action, SERVICE, error);
  }
}
