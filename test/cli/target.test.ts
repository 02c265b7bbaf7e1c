/** `--target` through the real CLI on a copy of the demo account: only what is targeted changes. */
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { POLICY_TAG } from '../../src/core/ownership.js';
import { readSandboxFile } from '../../src/sandbox/index.js';
import { runCli } from './run-cli.js';

const DEMO = 'examples/sandbox/demo-account.yaml';
const POLICY = 'examples/sandbox/mirror.config.yaml';
// web-1 in prod (us-east-1): one interface, mirrored by the policy's first entry.
const WEB_1 = 'i-0e1a9d0c4b7f21001';

let dir: string;
let account: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mirrorctl-target-'));
  account = join(dir, 'account.yaml');
  await copyFile(DEMO, account);
});

async function ownedSessions(): Promise<{ networkInterfaceId: string }[]> {
  const file = await readSandboxFile(account);
  return Object.values(file.regions).flatMap((region) => (region.trafficMirrorSessions ?? []).filter((s) => s.tags?.[POLICY_TAG] === 'demo-ndr'));
}

async function interfacesOf(instanceId: string): Promise<string[]> {
  const file = await readSandboxFile(account);
  return Object.values(file.regions).flatMap((region) =>
    (region.instances ?? []).filter((instance) => instance.id === instanceId).flatMap((instance) => instance.interfaces.map((eni) => eni.id)),
  );
}

describe('--target', () => {
  it("applies only the targeted instance's sessions, and a whole plan afterwards still has the rest to do", async () => {
    const applied = await runCli(['apply', '--sandbox', account, '-c', POLICY, '--target', WEB_1, '--auto-approve']);
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toContain(`Targeted plan (--target ${WEB_1})`);
    const sessions = await ownedSessions();
    expect(sessions.map((session) => session.networkInterfaceId).sort()).toEqual((await interfacesOf(WEB_1)).sort());

    const rest = await runCli(['plan', '--sandbox', account, '-c', POLICY, '--detailed-exitcode']);
    expect(rest.exitCode).toBe(2);
    expect(rest.stdout).not.toContain('Targeted plan');
  });

  it('saves its targets with the plan: apply re-plans with them, and refuses other targets', async () => {
    const planFile = join(dir, 'plan.json');
    expect((await runCli(['plan', '--sandbox', account, '-c', POLICY, '--target', WEB_1, '--out', planFile])).exitCode).toBe(0);
    const other = await runCli(['apply', planFile, '--sandbox', account, '--target', 'i-0e1a9d0c4b7f21002']);
    expect(other.exitCode).toBe(1);
    expect(other.stderr).toContain(`the plan was made with --target ${WEB_1}, this run passes --target i-0e1a9d0c4b7f21002`);
    const applied = await runCli(['apply', planFile, '--sandbox', account]);
    expect(applied.exitCode).toBe(0);
    expect((await ownedSessions()).length).toBe((await interfacesOf(WEB_1)).length);
  });

  it('says in the JSON plan what it was cut to', async () => {
    const run = await runCli(['plan', '--sandbox', account, '-c', POLICY, '--target', WEB_1, '--format', 'json']);
    const document = JSON.parse(run.stdout) as { targets?: string[]; actions: { type: string; key: string }[] };
    expect(document.targets).toEqual([WEB_1]);
    const sessions = document.actions.filter((action) => action.type === 'session').map((action) => action.key.split('/').at(-1));
    expect(sessions).toEqual(await interfacesOf(WEB_1));
    const whole = JSON.parse((await runCli(['plan', '--sandbox', account, '-c', POLICY, '--format', 'json'])).stdout) as object;
    expect(whole).not.toHaveProperty('targets');
  });

  it('refuses a mistyped target before reading the account', async () => {
    const run = await runCli(['plan', '--sandbox', account, '-c', POLICY, '--target', 'prdo']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('--target prdo is neither a vpcs entry of the policy nor a VPC, instance or interface id');
    expect(run.stderr).not.toContain('Discovered');
  });
});
