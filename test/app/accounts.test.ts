/** Plan and apply over the accounts of an organization, each through its role, against a sandbox organization. */
import { describe, expect, it } from 'vitest';
import { saveSandbox } from '../../src/app/account.js';
import { applyAccounts, accountConverged } from '../../src/app/accounts/apply-accounts.js';
import { isUserError, type UserError } from '../../src/core/errors.js';
import type { SandboxFile } from '../../src/sandbox/index.js';
import { REGION } from '../sandbox/fixture.js';
import {
  MANAGEMENT,
  OUTSIDER,
  organizationFile,
  ROLE,
  SECURITY,
  SHARED_TARGET,
  WORKLOAD_A,
  WORKLOAD_B,
} from '../sandbox/organization-fixture.js';
import { organization, organizationPolicy, type Organization } from './accounts-helpers.js';

async function rejection(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isUserError(error)) throw new Error(`expected a UserError, got ${String(error)}`);
  return error;
}

const summaryOf = (run: Awaited<ReturnType<Organization['plan']>>) =>
  run.plan.accounts.map((entry) => [entry.accountId, entry.status === 'planned' ? entry.plan.summary : entry.status]);

async function applyAll(org: Organization) {
  const caller = await org.open();
  const run = await org.plan({}, caller);
  const outcomes = await applyAccounts({ accounts: run.planned, planId: 'test' });
  await saveSandbox(caller);
  return { caller, run, outcomes };
}

function sessionsIn(file: SandboxFile, account: string) {
  const member = file.accounts?.find((item) => item.accountId === account) ?? (file.accountId === account ? file : undefined);
  return Object.values(member?.regions ?? {}).flatMap((region) => region.trafficMirrorSessions ?? []);
}

describe('a plan over the accounts of an organization', () => {
  it('plans each account of the units through its role, once per account, and nothing elsewhere', async () => {
    const org = await organization();
    const caller = await org.open();
    const run = await org.plan({}, caller);
    expect(run.caller.accountId).toBe(MANAGEMENT);
    expect(summaryOf(run)).toEqual([
      [SECURITY, { create: 0, update: 0, delete: 0 }],
      [WORKLOAD_A, { create: 5, update: 0, delete: 0 }],
      [WORKLOAD_B, { create: 6, update: 0, delete: 0 }],
    ]);
    const workload = run.plan.accounts.find((entry) => entry.accountId === WORKLOAD_A);
    expect(workload).toMatchObject({ roleArn: `arn:aws:iam::${WORKLOAD_A}:role/${ROLE}`, name: 'workload-a' });
    // Who the credentials are comes from AssumeRole's answer; the name from Organizations, not IAM.
    expect(workload?.status === 'planned' && workload.plan.account).toEqual({
      id: WORKLOAD_A,
      callerArn: `arn:aws:sts::${WORKLOAD_A}:assumed-role/${ROLE}/mirrorctl-org-ndr`,
    });
    // Sessions go to the shared target by its id, in the account that owns the interface.
    const sessions = workload?.status === 'planned' ? workload.plan.actions.filter((action) => action.type === 'session') : [];
    expect(sessions.map((action) => action.after?.kind === 'session' && action.after.target)).toEqual([
      { key: 'target/central', id: SHARED_TARGET },
      { key: 'target/central', id: SHARED_TARGET },
    ]);
    const calls = caller.sandbox.instance;
    expect(calls.callsOf(MANAGEMENT).byAction).toMatchObject({ AssumeRole: 3, GetCallerIdentity: 1 });
    expect(calls.callsOf(OUTSIDER).total()).toBe(0);
    for (const account of [SECURITY, WORKLOAD_A, WORKLOAD_B]) {
      expect(calls.callsOf(account).byAction).not.toHaveProperty('GetCallerIdentity');
      expect(calls.callsOf(account).byAction).not.toHaveProperty('ListAccountAliases');
    }
  });

  it('names an account listed by id by its IAM alias, still without asking STS who it is', async () => {
    const org = await organization(organizationFile(), organizationPolicy(`accounts:\n  ids: ["${WORKLOAD_A}"]\n  roleName: ${ROLE}\n  externalId: mirrorctl-org\n`, `["${WORKLOAD_A}"]`));
    const caller = await org.open();
    const run = await org.plan({}, caller);
    const workload = run.plan.accounts[0];
    expect(workload).toMatchObject({ accountId: WORKLOAD_A });
    expect(workload).not.toHaveProperty('name');
    expect(workload?.status === 'planned' && workload.plan.account?.alias).toBe('workload-a');
    expect(caller.sandbox.instance.callsOf(WORKLOAD_A).byAction).toMatchObject({ ListAccountAliases: 1 });
    expect(caller.sandbox.instance.callsOf(WORKLOAD_A).byAction).not.toHaveProperty('GetCallerIdentity');
  });

  it('applies in every account, after which the organization has nothing to change', async () => {
    const org = await organization();
    const { outcomes } = await applyAll(org);
    expect(outcomes.map((outcome) => [outcome.accountId, outcome.status, accountConverged(outcome)])).toEqual([
      [SECURITY, 'no-changes', true],
      [WORKLOAD_A, 'applied', true],
      [WORKLOAD_B, 'applied', true],
    ]);
    const caller = await org.open();
    const file = caller.sandbox.instance.toFile();
    expect(sessionsIn(file, WORKLOAD_A).map((session) => session.targetId)).toEqual([SHARED_TARGET, SHARED_TARGET]);
    expect(sessionsIn(file, WORKLOAD_B)).toHaveLength(3);
    expect(summaryOf(await org.plan({}, caller)).every(([, summary]) => JSON.stringify(summary) === '{"create":0,"update":0,"delete":0}')).toBe(true);
  });

  it('never plans to delete the sessions other accounts made on the target the RAM owner shares, in converge or destroy', async () => {
    const org = await organization();
    await applyAll(org);
    for (const mode of ['converge', 'destroy'] as const) {
      const run = await org.plan({ accounts: [SECURITY], mode });
      const security = run.plan.accounts[0];
      if (security?.status !== 'planned') throw new Error('the security account was not planned');
      // The owner sees the five sessions, carrying this policy's tags, on its shared target…
      expect(run.planned.get(SECURITY)?.run.observed.regions[0]?.sessions).toHaveLength(5);
      // …and never touches them.
      expect(security.plan.actions).toEqual([]);
    }
  });

  it('refuses an account outside the policy’s accounts before reading anything in it', async () => {
    const org = await organization();
    const caller = await org.open();
    const error = await rejection(org.plan({ accounts: [OUTSIDER] }, caller));
    expect(error.message).toBe(
      `--account ${OUTSIDER}: not among the accounts policy "org-ndr" manages (${SECURITY}, ${WORKLOAD_A}, ${WORKLOAD_B}). Nothing was read or changed.`,
    );
    expect(caller.sandbox.instance.callsOf(OUTSIDER).total()).toBe(0);
    expect(caller.sandbox.instance.callsOf(MANAGEMENT).byAction).not.toHaveProperty('AssumeRole');
    const excluded = await organization(
      organizationFile(),
      organizationPolicy(
        'accounts:\n  organization: { organizationalUnits: [ou-ab12-workload], exclude: ["300000000004"] }\n  roleName: mirrorctl-member\n  externalId: mirrorctl-org\n',
      ),
    );
    expect((await rejection(excluded.plan({ accounts: [WORKLOAD_B] }))).message).toContain(
      `--account ${WORKLOAD_B} (excluded by accounts.organization.exclude)`,
    );
    const run = await excluded.plan();
    expect(run.plan.accounts.map((entry) => entry.accountId)).toEqual([WORKLOAD_A]);
    expect(run.plan.left).toEqual([{ accountId: WORKLOAD_B, reason: 'excluded by accounts.organization.exclude' }]);
  });

  it('refuses a role that lands in another account than the one asked for', async () => {
    const org = await organization();
    const caller = await org.open();
    const { policyForAccount } = await import('../../src/app/accounts/policy-for-account.js');
    const { openMemberAccount } = await import('../../src/app/accounts/member.js');
    const { buildPlan } = await import('../../src/app/plan.js');
    const { loadPolicyOrThrow } = await import('../../src/policy/load.js');
    const loaded = await loadPolicyOrThrow(org.policyPath);
    const members = loaded.policy.memberAccounts!;
    // The credentials reach WORKLOAD_A; the run was for WORKLOAD_B.
    const member = openMemberAccount(caller, {}, { accountId: WORKLOAD_A, members, region: REGION, callerArn: `arn:aws:iam::${MANAGEMENT}:user/sandbox` });
    const error = await rejection(
      buildPlan({ configPath: org.policyPath, loaded: { ...loaded, policy: policyForAccount(loaded.policy, WORKLOAD_B) }, account: member.account, mode: 'converge' }),
    );
    expect(error.message).toContain(`The credentials are for AWS account ${WORKLOAD_A}`);
    expect(caller.sandbox.instance.callsOf(WORKLOAD_A).byAction).toEqual({ GetCallerIdentity: 1 });
  });
});

describe('an account that cannot be planned', () => {
  function untrusting(account: string): SandboxFile {
    const file = organizationFile();
    const accounts = (file.accounts ?? []).map((member) =>
      member.accountId === account ? { ...member, roles: [{ name: ROLE, trustedAccounts: ['999999999999'] }] } : member,
    );
    return { ...file, accounts };
  }

  it('stops the plan with a sentence naming the account and the role', async () => {
    const org = await organization(untrusting(WORKLOAD_B));
    const error = await rejection(org.plan());
    expect(error.message).toContain('The plan stopped: 1 of 3 accounts could not be planned');
    expect(error.message).toContain(
      `account ${WORKLOAD_B}: Cannot assume role arn:aws:iam::${WORKLOAD_B}:role/${ROLE} in account ${WORKLOAD_B} as ` +
        `arn:aws:iam::${MANAGEMENT}:user/sandbox: AccessDenied: User: arn:aws:iam::${MANAGEMENT}:user/sandbox is not authorized to ` +
        `perform: sts:AssumeRole on resource: arn:aws:iam::${WORKLOAD_B}:role/${ROLE}.`,
    );
    expect(error.message).toContain('Nothing was planned.');
    expect(error.hint).toContain('--continue-on-account-error');
  });

  it('is reported, and the others planned, with continueOnError', async () => {
    const org = await organization(untrusting(WORKLOAD_B));
    const run = await org.plan({ continueOnError: true });
    expect(summaryOf(run).map(([account, status]) => [account, typeof status === 'string' ? status : 'planned'])).toEqual([
      [SECURITY, 'planned'],
      [WORKLOAD_A, 'planned'],
      [WORKLOAD_B, 'failed'],
    ]);
    expect(run.planned.has(WORKLOAD_B)).toBe(false);
  });

  it('stops when Organizations refuses the caller, saying who may list the accounts', async () => {
    const file = organizationFile();
    const org = await organization({ ...file, organization: { ...file.organization!, managementAccountId: SECURITY } });
    const error = await rejection(org.plan());
    expect(error.message).toBe(
      `AWS Organizations refused to list the accounts of ou-ab12-workload, ou-ab12-security to arn:aws:iam::${MANAGEMENT}:user/sandbox: ` +
        "only the organization's management account or a delegated administrator may list its accounts.",
    );
    expect(error.hint).toContain('accounts.ids');
  });
});

describe('a shared target an account cannot see', () => {
  it('is named with the account, and that account’s entries plan nothing', async () => {
    const policy = organizationPolicy(
      'accounts:\n  ids: ["300000000003", "400000000005"]\n  roleName: mirrorctl-member\n  externalId: mirrorctl-org\n',
      '["300000000003", "400000000005"]',
    );
    const org = await organization(organizationFile(), policy);
    const run = await org.plan();
    expect(run.plan.warnings).toEqual([
      expect.objectContaining({
        code: 'shared-target-not-visible',
        accountId: OUTSIDER,
        message: expect.stringContaining(`account ${OUTSIDER} cannot see target central (${SHARED_TARGET}) in ${REGION}: share it`),
      }),
    ]);
    const outsider = run.plan.accounts.find((entry) => entry.accountId === OUTSIDER);
    expect(outsider?.status === 'planned' && outsider.plan.actions).toEqual([]);
  });
});
