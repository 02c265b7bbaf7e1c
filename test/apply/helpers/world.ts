/**
 * Small sandbox accounts and hand-written plans for the executor's tests: each test shows its whole world.
 */
import { ownershipTags } from '../../../src/core/ownership.js';
import type {
  DesiredFilter,
  DesiredResource,
  DesiredRule,
  DesiredSession,
  DesiredTarget,
  Plan,
  PlanAction,
  ResourceRef,
} from '../../../src/core/types/plan.js';
import type { SandboxFile, SandboxInstance, SandboxRegion } from '../../../src/sandbox/index.js';

export const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';
export const POLICY = 'apply-test';
export const VPC = 'vpc-0000000a';
export const SUBNET = 'subnet-0000000a';
export const NLB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/net/sensors/0123456789abcdef`;

const hex = (n: number): string => n.toString(16).padStart(8, '0');
export const instanceId = (n: number): string => `i-${hex(n)}`;
export const eniId = (n: number): string => `eni-${hex(n)}`;

export function instance(n: number, type = 'm5.large'): SandboxInstance {
  return {
    id: instanceId(n),
    type,
    state: 'running',
    subnetId: SUBNET,
    interfaces: [{ id: eniId(n), deviceIndex: 0 }],
  };
}

/** One VPC with an internal NLB for sensors and the given instances (one interface each). */
export function account(instances: SandboxInstance[], extra: Partial<SandboxRegion> = {}): SandboxFile {
  return {
    version: 1,
    accountId: ACCOUNT,
    regions: {
      [REGION]: {
        vpcs: [{ id: VPC, cidr: '10.0.0.0/16' }],
        subnets: [{ id: SUBNET, vpcId: VPC, az: `${REGION}a`, cidr: '10.0.0.0/20' }],
        instances,
        loadBalancers: [{ arn: NLB_ARN, name: 'sensors', type: 'network', subnets: [SUBNET] }],
        ...extra,
      },
    },
  };
}

export const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);

export const tags = (key: string): Readonly<Record<string, string>> => ownershipTags(POLICY, key);

const actionId = (key: string): string => `${REGION}/${key}`;

function action(
  kind: PlanAction['action'],
  key: string,
  fields: { after?: DesiredResource; before?: DesiredResource; resourceId?: string; dependsOn?: string[] },
  changes: PlanAction['changes'] = [],
): PlanAction {
  const resource = fields.after ?? fields.before;
  if (resource === undefined) throw new Error('an action needs a definition');
  return {
    id: actionId(key),
    action: kind,
    type: resource.kind,
    key,
    region: REGION,
    ...(fields.resourceId === undefined ? {} : { resourceId: fields.resourceId }),
    ...(fields.after === undefined ? {} : { after: fields.after }),
    ...(fields.before === undefined ? {} : { before: fields.before }),
    changes,
    reason: `${kind} ${key}`,
    dependsOn: fields.dependsOn ?? [],
  };
}

export function nlbTarget(key = 'target/sensors', description = 'sensors'): DesiredTarget {
  return { kind: 'target', networkLoadBalancerArn: NLB_ARN, description, tags: tags(key) };
}

export function eniTarget(eni: string, key = 'target/sensors', description = 'sensors'): DesiredTarget {
  return { kind: 'target', networkInterfaceId: eni, description, tags: tags(key) };
}

export function filter(key = 'filter/all', networkServices: string[] = []): DesiredFilter {
  return { kind: 'filter', description: 'all traffic', networkServices, tags: tags(key) };
}

export function rule(filterRef: ResourceRef, number: number, direction: 'ingress' | 'egress' = 'ingress'): DesiredRule {
  const key = `${filterRef.key}/${direction}/${number}`;
  return {
    kind: 'filter-rule',
    filter: filterRef,
    direction,
    number,
    action: 'accept',
    source: '0.0.0.0/0',
    destination: '0.0.0.0/0',
    tags: tags(key),
  };
}

export function session(eni: string, target: ResourceRef, filterRef: ResourceRef, sessionNumber = 1): DesiredSession {
  return {
    kind: 'session',
    networkInterfaceId: eni,
    target,
    filter: filterRef,
    sessionNumber,
    description: `mirror ${eni}`,
    vpcId: VPC,
    tags: tags(sessionKey(eni)),
  };
}

export const sessionKey = (eni: string): string => `session/main/${eni}`;

export const create = (key: string, after: DesiredResource, dependsOn: string[] = []): PlanAction =>
  action('create', key, { after, dependsOn });

export const update = (
  key: string,
  resourceId: string,
  before: DesiredResource,
  after: DesiredResource,
  changes: PlanAction['changes'],
  dependsOn: string[] = [],
): PlanAction => action('update', key, { after, before, resourceId, dependsOn }, changes);

export const replace = (
  key: string,
  resourceId: string,
  before: DesiredResource,
  after: DesiredResource,
  changes: PlanAction['changes'],
): PlanAction => action('replace', key, { after, before, resourceId }, changes);

export const remove = (key: string, resourceId: string, before: DesiredResource): PlanAction =>
  action('delete', key, { before, resourceId });

export function plan(actions: PlanAction[]): Plan {
  const count = (kinds: PlanAction['action'][]): number => actions.filter((a) => kinds.includes(a.action)).length;
  return {
    formatVersion: 1,
    policyName: POLICY,
    mode: 'converge',
    regions: [REGION],
    summary: { create: count(['create', 'replace']), update: count(['update']), delete: count(['delete', 'replace']) },
    actions,
    skipped: [],
    warnings: [],
    cost: {
      currency: 'USD',
      hoursPerMonth: 730,
      monthlyBefore: 0,
      monthlyAfter: 0,
      monthlyDelta: 0,
      byRegion: [],
      rateSource: 'test',
    },
  };
}

/**
 * The usual greenfield plan: an NLB target, a filter with one rule, and one session per interface, all
 * referencing each other by key only (nothing exists yet).
 */
export function greenfieldPlan(enis: string[]): Plan {
  const targetRef = { key: 'target/sensors' };
  const filterRef = { key: 'filter/all' };
  return plan([
    create(targetRef.key, nlbTarget()),
    create(filterRef.key, filter()),
    create(`${filterRef.key}/ingress/100`, rule(filterRef, 100), [actionId(filterRef.key)]),
    ...enis.map((eni) =>
      create(sessionKey(eni), session(eni, targetRef, filterRef), [actionId(targetRef.key), actionId(filterRef.key)]),
    ),
  ]);
}

export { actionId };

/** Sessions per source interface in the sandbox's current state. */
export function sessionsPerEni(file: SandboxFile): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of file.regions[REGION]?.trafficMirrorSessions ?? []) {
    counts.set(s.networkInterfaceId, (counts.get(s.networkInterfaceId) ?? 0) + 1);
  }
  return counts;
}
