/**
 * The templates of `package --stackset`, as pure functions of the policy: the healer's is the one-account
 * stack with nothing account-specific left in it (code per region, alarm topic by name, concurrency and queue
 * names that work in any account and under a StackSet's long stack names); the member role's trusts the
 * account given, with the external id, and carries the healer's statements over every region of the policy.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MemberAccounts, Policy } from '../../src/core/types/policy.js';
import { stackSetTargets } from '../../src/deploy/package/stackset-targets.js';
import { substituted } from '../../src/deploy/template/cfn.js';
import {
  healerTemplate,
  memberRolePolicy,
  memberRoleTemplate,
  memberTrustPolicy,
  stackSetHealerTemplate,
  TEMPLATE_MEMBER_PLACE,
} from '../../src/deploy/template/index.js';
import { mirroringStatements } from '../../src/deploy/template/role-policy.js';
import { loadPolicyOrThrow } from '../../src/policy/load.js';
import { organizationPolicy } from '../app/accounts-helpers.js';
import { MANAGED_NLB_POLICY } from './stackset-policies.js';

async function load(text: string): Promise<{ policy: Policy; hash: string; members: MemberAccounts }> {
  const path = join(mkdtempSync(join(tmpdir(), 'mirrorctl-stackset-')), 'mirror.config.yaml');
  writeFileSync(path, text);
  const { policy, hash } = await loadPolicyOrThrow(path);
  if (policy.memberAccounts === undefined) throw new Error('the test policy names no accounts');
  return { policy, hash, members: policy.memberAccounts };
}

const input = (policy: Policy, hash: string) => ({ policy, policySha256: hash, mirrorctlVersion: '0.1.0' });
const ACCOUNT_ID = /(?<![0-9])[0-9]{12}(?![0-9])/;

describe("the healer's StackSet template", () => {
  it('names no account, though the policy does (its load balancer, its accounts, its entries)', async () => {
    for (const text of [organizationPolicy(), MANAGED_NLB_POLICY]) {
      const { policy, hash } = await load(text);
      expect(JSON.stringify(healerTemplate(input(policy, hash))), 'the one-account template may').toBeTruthy();
      expect(JSON.stringify(stackSetHealerTemplate(input(policy, hash)))).not.toMatch(ACCOUNT_ID);
    }
  });

  it('is the one-account stack, with the code read from the bucket of each region', async () => {
    const { policy, hash } = await load(organizationPolicy());
    const one = healerTemplate(input(policy, hash));
    const set = stackSetHealerTemplate(input(policy, hash));
    expect(Object.keys(set.Resources)).toEqual(Object.keys(one.Resources));
    expect(set.Rules).toEqual(one.Rules);
    expect(Object.keys(set.Parameters)).toEqual(['ArtifactBucketPrefix', 'ArtifactKey', 'AlarmTopicName', 'ReserveConcurrency']);
    const fn = set.Resources['Function']?.Properties as Record<string, any>;
    expect(fn['Code']).toEqual({ S3Bucket: { 'Fn::Sub': '${ArtifactBucketPrefix}-${AWS::Region}' }, S3Key: { Ref: 'ArtifactKey' } });
    // New accounts' Lambda quota cannot grant a reservation: off unless asked for.
    expect(fn['ReservedConcurrentExecutions']).toEqual({ 'Fn::If': ['ReservesConcurrency', 1, { Ref: 'AWS::NoValue' }] });
    expect(set.Parameters['ReserveConcurrency']).toMatchObject({ Default: 'false', AllowedValues: ['false', 'true'] });
    expect(set.Conditions).toEqual({
      HasAlarmTopic: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AlarmTopicName' }, ''] }] },
      ReservesConcurrency: { 'Fn::Equals': [{ Ref: 'ReserveConcurrency' }, 'true'] },
    });
    const alarm = set.Resources['FunctionErrorsAlarm']?.Properties as Record<string, any>;
    expect(alarm['AlarmActions']).toEqual({
      'Fn::If': ['HasAlarmTopic', [{ 'Fn::Sub': 'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${AlarmTopicName}' }], { Ref: 'AWS::NoValue' }],
    });
    // The role is the healer's, unchanged.
    expect(set.Resources['Role']).toEqual(one.Resources['Role']);
  });

  it("names its FIFO queues, which CloudFormation would name after a StackSet's long stack name, past SQS's 80 characters", async () => {
    const { policy, hash } = await load(organizationPolicy().replace('name: org-ndr', `name: ${'a-very-long-policy-name-'.repeat(3)}`));
    const set = stackSetHealerTemplate(input(policy, hash));
    const names = ['Queue', 'QueueDeadLetters'].map((id) => (set.Resources[id]?.Properties as Record<string, any>)['QueueName'] as string);
    for (const name of names) {
      expect(name).toMatch(/^[A-Za-z0-9_-]+\.fifo$/);
      expect(name.length).toBeLessThanOrEqual(80);
    }
    expect(new Set(names).size).toBe(2);
    expect((healerTemplate(input(policy, hash)).Resources['Queue']?.Properties as Record<string, any>)['QueueName']).toBeUndefined();
  });
});

describe("the member role's template", () => {
  it('creates the role the policy names, trusting the account given (a parameter) with the external id', async () => {
    const { policy, hash, members } = await load(organizationPolicy());
    const template = memberRoleTemplate({ ...input(policy, hash), members, trustedAccountId: '111122223333' });
    expect(template.Parameters['TrustedAccountId']).toMatchObject({ Default: '111122223333', AllowedPattern: '^[0-9]{12}$' });
    const role = template.Resources.MemberRole.Properties;
    expect(role.RoleName).toBe('mirrorctl-member');
    expect(role.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'MirrorctlRunsInTheTrustedAccount',
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${TrustedAccountId}:root' } },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'mirrorctl-org' } },
        },
      ],
    });
    expect(role.Policies).toEqual([{ PolicyName: 'mirrorctl-member', PolicyDocument: substituted(memberRolePolicy(policy, TEMPLATE_MEMBER_PLACE)) }]);
  });

  it('trusts the account alone when the policy has no external id', async () => {
    const { members } = await load(organizationPolicy().replace(/ {2}externalId: .*\n/, ''));
    expect(memberTrustPolicy(members, 'arn:aws:iam::111122223333:root').Statement[0]).not.toHaveProperty('Condition');
  });
});

describe("the member role's permissions", () => {
  it("are the healer's mirroring statements for any region, fenced to the policy's, and the reads a plan makes besides", async () => {
    const { policy } = await load(MANAGED_NLB_POLICY);
    const document = memberRolePolicy(policy, { partition: 'aws', account: '300000000003' });
    const [fence, ...allows] = document.Statement;
    expect(fence).toEqual({
      Sid: 'NothingOutsideThePolicysRegions',
      Effect: 'Deny',
      NotAction: ['ec2:DescribeRegions', 'ec2:DescribeTrafficMirrorFilters', 'ec2:DescribeTrafficMirrorSessions', 'ec2:DescribeTrafficMirrorTargets', 'iam:ListAccountAliases'],
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1', 'ap-southeast-2'] } },
    });
    const mirroring = mirroringStatements(policy, { partition: 'aws', account: '300000000003', region: '*' });
    expect(allows.slice(0, mirroring.length)).toEqual(mirroring);
    for (const statement of mirroring) {
      for (const arn of [statement.Resource ?? []].flat()) expect(arn === '*' || arn.split(':')[3] === '*', `${statement.Sid} ${arn}`).toBe(true);
      expect(JSON.stringify(statement.Condition ?? {}), statement.Sid).not.toContain('aws:RequestedRegion');
    }
    expect(allows.slice(mirroring.length).map((statement) => statement.Sid)).toEqual(['LookForThePolicysMirroringInOtherRegions', 'ReadTheAccountAlias']);
    expect(JSON.stringify(document)).not.toMatch(/sqs:|logs:/);
  });

  it('find the load balancers the policy made even when it names none', async () => {
    const { policy } = await load(organizationPolicy());
    const sids = memberRolePolicy(policy, { partition: 'aws', account: '300000000003' }).Statement.map((statement) => statement.Sid);
    expect(sids).toContain('FindTheLoadBalancersThePolicyMade');
    const managed = memberRolePolicy((await load(MANAGED_NLB_POLICY)).policy, { partition: 'aws', account: '300000000003' });
    expect(managed.Statement.map((statement) => statement.Sid)).not.toContain('FindTheLoadBalancersThePolicyMade');
  });

  it("fit IAM's 10,240 characters for a role's inline policies (white space aside), for the largest policy in a dozen regions", async () => {
    const regions = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-central-1', 'eu-north-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1'];
    const { policy } = await load(MANAGED_NLB_POLICY.replace('regions: [us-east-1, eu-west-1, ap-southeast-2]', `regions: [${regions.join(', ')}]`));
    expect(policy.regions).toHaveLength(12);
    const resolved = JSON.stringify(memberRolePolicy(policy, { partition: 'aws-us-gov', account: '123456789012' })).replace(/\s/g, '');
    expect(resolved.length).toBeLessThan(10_240);
  });
});

describe("the StackSets' deployment targets", () => {
  const members = (over: Partial<MemberAccounts>): MemberAccounts => ({ ids: [], roleName: 'r', sessionName: 's', ...over });

  it("the policy's units, following new accounts", () => {
    expect(stackSetTargets(members({ organization: { organizationalUnits: ['ou-ab12-aaaaaaaa', 'ou-ab12-bbbbbbbb'], exclude: [] } }))).toEqual({
      autoDeployment: true,
      target: { argument: 'OrganizationalUnitIds=ou-ab12-aaaaaaaa,ou-ab12-bbbbbbbb', reaches: 'the accounts of ou-ab12-aaaaaaaa, ou-ab12-bbbbbbbb and of the units under them' },
    });
  });

  it('the whole organization, without its exclusions', () => {
    expect(stackSetTargets(members({ organization: { exclude: ['111122223333'] } }))).toEqual({
      autoDeployment: true,
      target: {
        argument: `'{"OrganizationalUnitIds":["ROOT_ID"],"Accounts":["111122223333"],"AccountFilterType":"DIFFERENCE"}'`,
        reaches: 'every account of the organization, except 111122223333',
      },
    });
  });

  it('accounts named by id: those alone, not following new accounts; beside units, in stack sets of their own', () => {
    const ids = stackSetTargets(members({ ids: ['111122223333'] }));
    expect(ids).toEqual({
      autoDeployment: false,
      target: {
        argument: `'{"OrganizationalUnitIds":["ROOT_ID"],"Accounts":["111122223333"],"AccountFilterType":"INTERSECTION"}'`,
        reaches: 'the accounts the policy names by id: 111122223333',
      },
    });
    const both = stackSetTargets(members({ ids: ['111122223333'], organization: { organizationalUnits: ['ou-ab12-aaaaaaaa'], exclude: [] } }));
    expect(both.autoDeployment).toBe(true);
    expect(both.byIdBeside).toEqual(ids.target);
  });
});
