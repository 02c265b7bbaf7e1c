/** Which account, through the real CLI: every plan names it, a pinned policy and a saved plan refuse another. */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const DEMO = 'examples/sandbox/demo-account.yaml';
const POLICY = 'examples/sandbox/mirror.config.yaml';
const CALLER = 'arn:aws:iam::123456789012:user/sandbox';

let dir: string;
let account: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mirrorctl-account-'));
  account = join(dir, 'account.yaml');
  await copyFile(DEMO, account);
});

async function pinnedPolicy(accounts: string): Promise<string> {
  const path = join(dir, 'pinned.yaml');
  await writeFile(path, `${await readFile(POLICY, 'utf8')}\naccounts: ${accounts}\n`);
  return path;
}

describe('every plan names the account and the caller', () => {
  it('in text, markdown and JSON', async () => {
    const text = await runCli(['plan', '--sandbox', account, '-c', POLICY]);
    expect(text.stdout.split('\n')[1]).toBe(`Account 123456789012, as ${CALLER}`);
    const markdown = await runCli(['plan', '--sandbox', account, '-c', POLICY, '--format', 'markdown']);
    expect(markdown.stdout).toContain(`Account: \`123456789012\` · caller \`${CALLER}\``);
    const json = await runCli(['plan', '--sandbox', account, '-c', POLICY, '--format', 'json']);
    expect((JSON.parse(json.stdout) as { account: unknown }).account).toEqual({ id: '123456789012', callerArn: CALLER });
  });
});

describe('a policy pinned to other accounts', () => {
  it('plans in a listed account', async () => {
    const run = await runCli(['plan', '--sandbox', account, '-c', await pinnedPolicy('["000011112222", "123456789012"]')]);
    expect(run.exitCode).toBe(0);
  });

  it('refuses plan, apply, destroy and discover with credentials for another account, before discovery', async () => {
    const policy = await pinnedPolicy('["000011112222"]');
    const before = await readFile(account, 'utf8');
    for (const command of [['plan'], ['apply', '--auto-approve'], ['destroy', '--auto-approve'], ['discover']]) {
      const run = await runCli([...command, '--sandbox', account, '-c', policy]);
      expect(run.exitCode, command.join(' ')).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('The credentials are for AWS account 123456789012');
      expect(run.stderr).toContain('is for account 000011112222');
      expect(run.stderr).not.toContain('Discovered');
    }
    expect(await readFile(account, 'utf8')).toBe(before);
  });
});

describe('apply of a saved plan', () => {
  it('refuses credentials for another account than the plan was made for, and changes nothing', async () => {
    const planFile = join(dir, 'plan.json');
    expect((await runCli(['plan', '--sandbox', account, '-c', POLICY, '--out', planFile])).exitCode).toBe(0);
    const saved = JSON.parse(await readFile(planFile, 'utf8')) as { plan: { account: unknown } };
    expect(saved.plan.account).toEqual({ id: '123456789012', callerArn: CALLER });

    const other = join(dir, 'other.yaml');
    await writeFile(other, (await readFile(DEMO, 'utf8')).replace('accountId: "123456789012"', 'accountId: "210987654321"'));
    const before = await readFile(other, 'utf8');
    const run = await runCli(['apply', planFile, '--sandbox', other]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      `The saved plan ${planFile} is for AWS account 123456789012, but the credentials are for account 210987654321`,
    );
    expect(run.stderr).toContain('use credentials for account 123456789012');
    expect(await readFile(other, 'utf8')).toBe(before);
  });
});
