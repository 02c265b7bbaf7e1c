/** plan, apply and destroy over the accounts of an organization, through the real CLI, on copies of the example. */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readSandboxFile } from '../../src/sandbox/index.js';
import { runCli } from './run-cli.js';

const ORGANIZATION = 'examples/sandbox/organization.yaml';
const POLICY = 'examples/sandbox/organization.config.yaml';
const [MANAGEMENT, SECURITY, WORKLOAD_A, WORKLOAD_B, OUTSIDER] = ['100000000001', '200000000002', '300000000003', '300000000004', '400000000005'];

let dir: string;
let sandbox: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mirrorctl-cli-org-'));
  sandbox = join(dir, 'organization.yaml');
  await copyFile(ORGANIZATION, sandbox);
});

const run = (command: string, ...extra: string[]) => runCli([command, '--sandbox', sandbox, '-c', POLICY, ...extra]);

async function sessionsOf(account: string) {
  const file = await readSandboxFile(sandbox);
  const member = file.accounts?.find((item) => item.accountId === account);
  return Object.values(member?.regions ?? {}).flatMap((region) => region.trafficMirrorSessions ?? []);
}

/** Makes one member's role trust nobody the management account can be. */
async function distrust(account: string) {
  const text = await readFile(sandbox, 'utf8');
  const at = text.indexOf(`accountId: "${account}"`);
  const patched = text.slice(0, at) + text.slice(at).replace('trustedAccounts: ["100000000001"]', 'trustedAccounts: ["999999999999"]');
  await writeFile(sandbox, patched);
}

describe('plan over the accounts of an organization', () => {
  it('plans each account through its role, with a table of accounts first, and exits 2 on changes', async () => {
    const result = await run('plan', '--detailed-exitcode');
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toMatch(/^mirrorctl plan for policy "org-ndr" in 3 accounts \(us-east-1\)\nas arn:aws:iam::100000000001:user\/sandbox\n/);
    expect(result.stdout).toMatch(new RegExp(`${WORKLOAD_A}\\s+workload-a\\s+us-east-1\\s+5\\s+0\\s+0\\s+\\+\\$21\\.90`));
    expect(result.stdout).toContain(`== Account ${WORKLOAD_B} (workload-b) ==`);
    expect(result.stdout).toContain('Plan: 11 to add, 0 to change, 0 to destroy in 2 of 3 accounts. Cost: +$54.75/month.');
    expect(result.stderr).toContain(`Planned account ${WORKLOAD_A}: 5 to add, 0 to change, 0 to destroy`);
  });

  it('prints one JSON document with each account’s plan', async () => {
    const result = await run('plan', '--format', 'json');
    const document = JSON.parse(result.stdout) as { kind: string; summary: { accounts: number; create: number }; accounts: { id: string; status: string; plan: { account: { id: string } } }[] };
    expect(document.kind).toBe('accounts');
    expect(document.summary).toMatchObject({ accounts: 3, create: 11 });
    expect(document.accounts.map((account) => [account.id, account.status, account.plan.account.id])).toEqual([
      [SECURITY, 'planned', SECURITY],
      [WORKLOAD_A, 'planned', WORKLOAD_A],
      [WORKLOAD_B, 'planned', WORKLOAD_B],
    ]);
  });

  it('stops, printing no plan, when a role cannot be assumed, naming the account and the role', async () => {
    await distrust(WORKLOAD_B);
    const result = await run('plan');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('The plan stopped: 1 of 3 accounts could not be planned');
    expect(result.stderr).toContain(`Cannot assume role arn:aws:iam::${WORKLOAD_B}:role/mirrorctl-member in account ${WORKLOAD_B}`);
  });

  it('plans the others with --continue-on-account-error, shows the failure, and still exits 1', async () => {
    await distrust(WORKLOAD_B);
    const result = await run('plan', '--continue-on-account-error', '--detailed-exitcode');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`${WORKLOAD_B}\\s+workload-b\\s+FAILED`));
    expect(result.stdout).toContain(`Not planned: Cannot assume role arn:aws:iam::${WORKLOAD_B}:role/mirrorctl-member`);
    expect(result.stderr).toContain(`1 of 3 accounts could not be planned (${WORKLOAD_B})`);
  });

  it('refuses an account outside the policy’s accounts, and account options on a policy of one account', async () => {
    const outside = await run('plan', '--account', OUTSIDER);
    expect(outside.exitCode).toBe(1);
    expect(outside.stderr).toContain(`--account ${OUTSIDER}: not among the accounts policy "org-ndr" manages`);
    const single = await runCli(['plan', '--sandbox', 'examples/sandbox/demo-account.yaml', '-c', 'examples/sandbox/mirror.config.yaml', '--account', MANAGEMENT]);
    expect(single.exitCode).toBe(1);
    expect(single.stderr).toContain("--account needs a policy for several accounts");
  });

  it('plans with --target across the accounts: an interface in the account that has it, a typo nowhere', async () => {
    const entry = await run('plan', '--target', 'workloads');
    expect(entry.stdout).toContain('Plan: 11 to add, 0 to change, 0 to destroy in 2 of 3 accounts.');
    const one = await run('plan', '--target', 'eni-0000000000000b001', '--format', 'json');
    expect(one.exitCode).toBe(0);
    const document = JSON.parse(one.stdout) as { accounts: { id: string; plan: { targets?: string[]; actions: { type: string; key: string }[] } }[] };
    const sessions = document.accounts.map((account) => [account.id, account.plan.actions.filter((action) => action.type === 'session').map((action) => action.key)]);
    expect(sessions).toEqual([
      [SECURITY, []],
      [WORKLOAD_A, []],
      [WORKLOAD_B, ['session/workloads/eni-0000000000000b001']],
    ]);
    // Every account's plan says what the run was cut to, also where none of it is that account's.
    expect(document.accounts.map((account) => account.plan.targets)).toEqual([['eni-0000000000000b001'], ['eni-0000000000000b001'], ['eni-0000000000000b001']]);
    const nowhere = await run('plan', '--target', 'eni-00000000000000fff');
    expect(nowhere.exitCode).toBe(1);
    expect(nowhere.stderr).toContain('--target eni-00000000000000fff: not found in any account, in us-east-1');
    const typo = await run('plan', '--target', 'workload');
    expect(typo.exitCode).toBe(1);
    expect(typo.stderr).toContain('--target workload is neither a vpcs entry of the policy nor a VPC, instance or interface id');
  });
});

describe('apply over the accounts of an organization', () => {
  it('applies in every account, sessions to the shared target, after which nothing is left to change', async () => {
    const applied = await run('apply', '--auto-approve');
    expect(applied.stderr).not.toContain('failed');
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toContain('Apply over 3 accounts: 2 applied, 1 without changes, 0 not converged.');
    expect((await sessionsOf(WORKLOAD_A)).map((session) => session.targetId)).toEqual(['tmt-000000000000000c0', 'tmt-000000000000000c0']);
    expect(await sessionsOf(WORKLOAD_B)).toHaveLength(3);
    // The owner's part of the file is unchanged: the sessions are the workload accounts'.
    expect(await sessionsOf(SECURITY)).toEqual([]);
    const again = await run('plan', '--detailed-exitcode');
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('Plan: no changes in 3 accounts.');
  });

  it('destroys what the policy owns in each account and never the shared target', async () => {
    await run('apply', '--auto-approve');
    const destroyed = await run('destroy', '--auto-approve');
    expect(destroyed.exitCode).toBe(0);
    expect(await sessionsOf(WORKLOAD_A)).toEqual([]);
    const file = await readSandboxFile(sandbox);
    const security = file.accounts?.find((item) => item.accountId === SECURITY);
    expect(security?.regions['us-east-1']?.trafficMirrorTargets?.map((target) => target.id)).toEqual(['tmt-000000000000000c0']);
  });

  it('reports one JSON document for the apply', async () => {
    const applied = await run('apply', '--auto-approve', '--format', 'json');
    const document = JSON.parse(applied.stdout) as { kind: string; status: string; accounts: { id: string; status: string }[] };
    expect(document).toMatchObject({ kind: 'accounts', status: 'complete' });
    expect(document.accounts.map((account) => [account.id, account.status])).toEqual([
      [SECURITY, 'complete'],
      [WORKLOAD_A, 'complete'],
      [WORKLOAD_B, 'complete'],
    ]);
  });

  it('refuses to rewrite the bundled organization', async () => {
    const result = await runCli(['apply', '--sandbox', ORGANIZATION, '-c', POLICY, '--auto-approve']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('is a bundled example account');
  });
});

describe('a plan over accounts saved with --out', () => {
  async function dropLastInstance(account: string) {
    const { writeSandboxFile } = await import('../../src/sandbox/index.js');
    const file = await readSandboxFile(sandbox);
    const region = file.accounts?.find((item) => item.accountId === account)?.regions['us-east-1'];
    region?.instances?.pop();
    await writeSandboxFile(sandbox, file);
  }

  it('is shown again without AWS, and applied when every account still matches it', async () => {
    const planFile = join(dir, 'plan.json');
    const planned = await run('plan', '--out', planFile);
    expect(planned.exitCode).toBe(0);
    expect(planned.stdout).toContain(`Saved the plan to: ${planFile}`);
    const saved = JSON.parse(await readFile(planFile, 'utf8')) as { kind: string; accounts: { accountId: string; saved: { accountId: string } }[] };
    expect(saved.kind).toBe('mirrorctl-accounts-plan');
    expect(saved.accounts.map((account) => [account.accountId, account.saved.accountId])).toEqual([
      [SECURITY, SECURITY],
      [WORKLOAD_A, WORKLOAD_A],
      [WORKLOAD_B, WORKLOAD_B],
    ]);
    const shown = await runCli(['show', planFile, '--format', 'markdown']);
    expect(shown.stdout).toMatch(/^### mirrorctl plan `org-ndr` over 3 accounts: 11 to add/);
    const applied = await runCli(['apply', planFile, '--sandbox', sandbox]);
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toContain(`Applying the saved plan ${planFile} (11 actions in 3 accounts`);
    expect(await sessionsOf(WORKLOAD_B)).toHaveLength(3);
    expect((await run('plan', '--detailed-exitcode')).exitCode).toBe(0);
  });

  it('is refused, changing nothing in any account, when one account moved since, naming it', async () => {
    const planFile = join(dir, 'plan.json');
    await run('plan', '--out', planFile);
    await dropLastInstance(WORKLOAD_B);
    const refused = await runCli(['apply', planFile, '--sandbox', sandbox]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(`The saved plan ${planFile} was not applied: 1 of 3 accounts no longer match it`);
    expect(refused.stderr).toContain(`account ${WORKLOAD_B}: Saved plan is stale`);
    expect(await sessionsOf(WORKLOAD_A)).toEqual([]);
  });

  it('applies the accounts that still match with --continue-on-account-error, and exits 1', async () => {
    const planFile = join(dir, 'plan.json');
    await run('plan', '--out', planFile);
    await dropLastInstance(WORKLOAD_B);
    const partial = await runCli(['apply', planFile, '--sandbox', sandbox, '--continue-on-account-error']);
    expect(partial.exitCode).toBe(1);
    expect(await sessionsOf(WORKLOAD_A)).toHaveLength(2);
    expect(await sessionsOf(WORKLOAD_B)).toEqual([]);
    expect(partial.stdout).toContain(`1 not planned (${WORKLOAD_B})`);
  });

  it('applies only the accounts --account names, which must be in the plan', async () => {
    const planFile = join(dir, 'plan.json');
    await run('plan', '--out', planFile);
    const one = await runCli(['apply', planFile, '--sandbox', sandbox, '--account', WORKLOAD_A]);
    expect(one.exitCode).toBe(0);
    expect(await sessionsOf(WORKLOAD_A)).toHaveLength(2);
    expect(await sessionsOf(WORKLOAD_B)).toEqual([]);
    const outside = await runCli(['apply', planFile, '--sandbox', sandbox, '--account', OUTSIDER]);
    expect(outside.stderr).toContain(`--account ${OUTSIDER}: not planned in ${planFile}`);
  });
});
