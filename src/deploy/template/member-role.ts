/**
 * The role mirrorctl assumes in each account of a policy for several accounts (`accounts.roleName`), as a
 * CloudFormation template for a service-managed StackSet (and a plain stack in the management account, where
 * StackSets never deploy).
 *
 * - Trust: the account that runs mirrorctl (a parameter, by default the one `package` was told or found),
 *   with the policy's `externalId` when it has one.
 * - Permissions: the healer's mirroring statements, generated from the same policy (the same reads and the
 *   same tag-scoped writes, the managed load balancer's when the policy has one), for every region of the
 *   policy. IAM is global, so one role serves them all: the ARNs name any region, and one statement denies
 *   everything outside the policy's regions (one list of regions, where a condition on each statement would
 *   repeat it and outgrow IAM's 10,240 characters for a role's inline policies with a few regions more).
 *   Plus what a plan reads besides: the load balancers (to find those the policy made), the account alias,
 *   and the policy's own mirroring in regions it no longer lists (reported, never planned).
 */
import { POLICY_TAG } from '../../core/ownership.js';
import type { MemberAccounts, Policy } from '../../core/types/policy.js';
import { getAtt, PSEUDO, substituted, type Output, type Str, type StringParameter, type Tag } from './cfn.js';
import type { FencedPolicyDocument, FenceStatement, PolicyDocument, PolicyStatement } from './iam.js';
import type { IamRole } from './resources.js';
import { ANY_REGION, mirroringStatements } from './role-policy.js';

/** The account the role lives in: literal values (tests, evaluation) or `${…}` placeholders (the template). */
export interface MemberPlace {
  readonly partition: string;
  readonly account: string;
}

export const TEMPLATE_MEMBER_PLACE: MemberPlace = { partition: PSEUDO.partition, account: PSEUDO.account };

export const MEMBER_PARAMETERS = { trustedAccount: 'TrustedAccountId' } as const;

/**
 * What every plan reads to find the load balancers the policy made (a managed one it no longer names is
 * deleted): ELBv2 cannot filter by tag, so it pages through them and reads their tags, then the details of
 * the policy's own. A policy with a managed load balancer allows these already.
 */
const LOAD_BALANCER_FINDING = [
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeLoadBalancerAttributes',
  'elasticloadbalancing:DescribeLoadBalancers',
  'elasticloadbalancing:DescribeTags',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeTargetHealth',
];

/** The mirroring Describes `plan` repeats, filtered on the policy tag, in every region it does not list. */
const ELSEWHERE_READS = ['ec2:DescribeRegions', 'ec2:DescribeTrafficMirrorFilters', 'ec2:DescribeTrafficMirrorSessions', 'ec2:DescribeTrafficMirrorTargets'];

/** IAM is global: its calls name no region of the policy's. */
const ACCOUNT_ALIAS = 'iam:ListAccountAliases';

export function memberRolePolicy(policy: Policy, place: MemberPlace): FencedPolicyDocument {
  const mirroring = mirroringStatements(policy, { ...place, region: ANY_REGION });
  const managed = mirroring.some((statement) => statement.Sid === 'ReadLoadBalancersAndSubnets');
  const finding: PolicyStatement = { Sid: 'FindTheLoadBalancersThePolicyMade', Effect: 'Allow', Action: LOAD_BALANCER_FINDING, Resource: '*' };
  const fence: FenceStatement = {
    Sid: 'NothingOutsideThePolicysRegions',
    Effect: 'Deny',
    NotAction: [...ELSEWHERE_READS, ACCOUNT_ALIAS],
    Resource: '*',
    Condition: { StringNotEquals: { 'aws:RequestedRegion': [...policy.regions] } },
  };
  return {
    Version: '2012-10-17',
    Statement: [
      fence,
      ...mirroring,
      ...(managed ? [] : [finding]),
      { Sid: 'LookForThePolicysMirroringInOtherRegions', Effect: 'Allow', Action: ELSEWHERE_READS, Resource: '*' },
      { Sid: 'ReadTheAccountAlias', Effect: 'Allow', Action: ACCOUNT_ALIAS, Resource: '*' },
    ],
  };
}

/** Who may assume the role: `trustedAccountArn` is the trusted account's root (`arn:…:iam::<id>:root`). */
export function memberTrustPolicy(members: MemberAccounts, trustedAccountArn: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'MirrorctlRunsInTheTrustedAccount',
        Effect: 'Allow',
        Principal: { AWS: trustedAccountArn },
        Action: 'sts:AssumeRole',
        ...(members.externalId === undefined ? {} : { Condition: { StringEquals: { 'sts:ExternalId': members.externalId } } }),
      },
    ],
  };
}

export interface MemberRoleInput {
  readonly policy: Policy;
  readonly members: MemberAccounts;
  /** The default of the trusted-account parameter: the account that runs mirrorctl. */
  readonly trustedAccountId: string;
  readonly policySha256: string;
  readonly mirrorctlVersion: string;
}

export function memberRoleTemplate(input: MemberRoleInput) {
  const { policy, members } = input;
  const tags: Tag[] = [{ Key: POLICY_TAG, Value: policy.name }];
  const trusted: StringParameter = {
    Type: 'String',
    Description: 'The AWS account that runs mirrorctl plan and apply, and assumes this role',
    Default: input.trustedAccountId,
    AllowedPattern: '^[0-9]{12}$',
    ConstraintDescription: 'a 12-digit AWS account id',
  };
  const role: IamRole = {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: members.roleName,
      Description: `mirrorctl plans and applies policy ${policy.name} through this role: it changes only what the policy owns`,
      // The trusted account is the parameter's: `substituted` makes the ARN an `Fn::Sub`.
      AssumeRolePolicyDocument: substituted(
        memberTrustPolicy(members, `arn:${PSEUDO.partition}:iam::\${${MEMBER_PARAMETERS.trustedAccount}}:root`),
      ) as PolicyDocument<Str>,
      Policies: [{ PolicyName: 'mirrorctl-member', PolicyDocument: substituted(memberRolePolicy(policy, TEMPLATE_MEMBER_PLACE)) }],
      Tags: tags,
    },
  };
  const outputs: Record<string, Output> = { RoleArn: { Description: 'The role mirrorctl assumes in this account', Value: getAtt('MemberRole', 'Arn') } };
  return {
    AWSTemplateFormatVersion: '2010-09-09' as const,
    Description:
      `mirrorctl ${input.mirrorctlVersion}: the role ${members.roleName} that mirrorctl assumes in each account of policy ` +
      `${policy.name} (IAM is global: one stack per account, in one region)`,
    Metadata: {
      mirrorctl: { version: input.mirrorctlVersion, policy: policy.name, policySha256: input.policySha256 },
      'cfn-lint': { config: { regions: [...policy.regions] } },
    },
    Parameters: { [MEMBER_PARAMETERS.trustedAccount]: trusted },
    Resources: { MemberRole: role },
    Outputs: outputs,
  };
}

export type MemberRoleTemplate = ReturnType<typeof memberRoleTemplate>;
