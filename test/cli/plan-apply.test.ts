/** The plan → apply → plan cycle through the real CLI, against copies of the bundled demo account. */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { readSandboxFile } from '../../src/sandbox/index.js';
import { runCli } from './run-cli.js';

const DEMO = 'examples/sandbox/demo-account.yaml';
const POLICY = 'examples/sandbox/mirror.config.yaml';

let dir: string;
let account: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mirrorctl-cli-'));
  account = join(dir, 'account.yaml');
  await copyFile(DEMO, account);
});

const plan = (...extra: string[]) => runCli(['plan', '--sandbox', account, '-c', POLICY, ...extra]);
const apply = (...extra: string[]) => runCli(['apply', '--sandbox', account, '-c', POLICY, ...extra]);

async function sessions(path: string) {
  const file = await readSandboxFile(path);
  return Object.values(file.regions).flatMap((region) => region.trafficMirrorSessions ?? []);
}

describe('plan', () => {
  it('shows the changes the demo account needs and exits 2 with --detailed-exitcode', async () => {
    const run = await plan('--detailed-exitcode');
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
    expect(run.stdout).toContain('+ create');
    expect(run.stderr).toContain('Discovered us-east-1');
  });

  it('exits 0 without --detailed-exitcode even when there are changes', async () => {
    expect((await plan()).exitCode).toBe(0);
  });

  it('prints only one JSON document on stdout with --format json', async () => {
    const run = await plan('--format', 'json');
    const document = JSON.parse(run.stdout) as { formatVersion: number; summary: { create: number }; actions: unknown[] };
    expect(document.formatVersion).toBe(1);
    expect(document.summary.create).toBe(document.actions.length);
  });

  it('renders a pull-request comment with --format markdown', async () => {
    const run = await plan('--format', 'markdown');
    expect(run.stdout).toContain('<details>');
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('refuses a region the policy does not list', async () => {
    const run = await plan('--region', 'ap-south-1');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("not one of the policy's regions");
    expect(run.stdout).toBe('');
  });

  it('reports a missing policy file in one located line', async () => {
    const run = await runCli(['plan', '--sandbox', account, '-c', join(dir, 'nope.yaml')]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('nope.yaml');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('apply', () => {
  it('converges: after apply the next plan has no changes and exits 0 with --detailed-exitcode', async () => {
    const applied = await apply('--auto-approve');
    expect(applied.stderr).not.toContain('failed');
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed\./);
    const again = await plan('--detailed-exitcode');
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('No changes.');
    const reapplied = await apply('--auto-approve');
    expect(reapplied.exitCode).toBe(0);
    expect(reapplied.stdout.match(/No changes\./g)).toHaveLength(1);
  });

  it('refuses without a terminal and without --auto-approve, changing nothing', async () => {
    const before = await readFile(account, 'utf8');
    const run = await apply();
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('needs approval');
    expect(await readFile(account, 'utf8')).toBe(before);
  });

  it('with nothing to do and no terminal, apply and destroy say No changes and exit 0', async () => {
    expect((await apply('--auto-approve')).exitCode).toBe(0);
    const converged = await apply();
    expect(converged.stderr).not.toContain('needs approval');
    expect(converged.stdout).toContain('No changes.');
    expect(converged.exitCode).toBe(0);
    expect((await runCli(['destroy', '--sandbox', account, '-c', POLICY, '--auto-approve'])).exitCode).toBe(0);
    const destroyed = await runCli(['destroy', '--sandbox', account, '-c', POLICY]);
    expect(destroyed.stderr).not.toContain('needs approval');
    expect(destroyed.stdout).toContain('No changes.');
    expect(destroyed.exitCode).toBe(0);
  });

  it('asks on a terminal and only "yes" proceeds', async () => {
    const declined = await runCli(['apply', '--sandbox', account, '-c', POLICY], {
      stdinIsTTY: true,
      stdin: Readable.from(['no\n']),
    });
    expect(declined.exitCode).toBe(1);
    expect(declined.stderr).toContain('Apply cancelled.');
    expect(await sessions(account)).toHaveLength((await sessions(DEMO)).length);

    const accepted = await runCli(['apply', '--sandbox', account, '-c', POLICY], {
      stdinIsTTY: true,
      stdin: Readable.from(['yes\n']),
    });
    expect(accepted.exitCode).toBe(0);
    expect((await sessions(account)).length).toBeGreaterThan((await sessions(DEMO)).length);
  });

  it('prints one JSON result document with --format json', async () => {
    const run = await apply('--auto-approve', '--format', 'json');
    const result = JSON.parse(run.stdout) as { status: string; counts: { added: number; failed: number } };
    expect(result.status).toBe('complete');
    expect(result.counts.added).toBeGreaterThan(0);
    expect(result.counts.failed).toBe(0);
  });

  it('will not rewrite the bundled demo account', async () => {
    const run = await runCli(['apply', '--sandbox', DEMO, '-c', POLICY, '--auto-approve']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('copy it first');
  });

  it('plan --out on the bundled demo suggests an apply to a copy, and that apply works', async () => {
    const planFile = join(dir, 'plan.json');
    const planned = await runCli(['plan', '--sandbox', DEMO, '-c', POLICY, '--out', planFile]);
    expect(planned.exitCode).toBe(0);
    expect(planned.stdout).toContain(`cp ${DEMO} demo.yaml\n    mirrorctl apply ${planFile} --sandbox demo.yaml`);
    expect(planned.stdout).not.toContain(`--sandbox ${DEMO}`);
    // The copy the hint makes, here in a temporary directory: the saved plan applies to it as is.
    const applied = await runCli(['apply', planFile, '--sandbox', account]);
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toContain('Apply complete!');
  });

  it('applies a saved plan exactly, and refuses it once the account changed', async () => {
    const planFile = join(dir, 'plan.json');
    expect((await plan('--out', planFile)).exitCode).toBe(0);
    const applied = await runCli(['apply', planFile, '--sandbox', account]);
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toContain('Apply complete!');

    // The same file again: the account now differs from what the plan was made against.
    const stale = await runCli(['apply', planFile, '--sandbox', account]);
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toContain('stale');
    expect(stale.stderr).toContain('Approved, but no longer planned');
  });

  it('refuses a saved plan when the policy changed since in a way that changes the plan', async () => {
    const policy = join(dir, 'policy.yaml');
    await copyFile(POLICY, policy);
    const planFile = join(dir, 'plan.json');
    await runCli(['plan', '--sandbox', account, '-c', policy, '--out', planFile]);
    await writeFile(policy, (await readFile(policy, 'utf8')).replace('sourcePorts: 443', 'sourcePorts: 8443'));
    const run = await runCli(['apply', planFile, '--sandbox', account]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('after.sourcePorts.from: 443 → 8443');
    expect(run.stderr).toContain('the policy file changed since the plan was made');
  });

  it('checks a saved plan against the -c given, not only the policy it names, and changes nothing when they differ', async () => {
    const planFile = join(dir, 'plan.json');
    expect((await plan('--out', planFile)).exitCode).toBe(0);
    const other = join(dir, 'other.yaml');
    await writeFile(other, (await readFile(POLICY, 'utf8')).replace('action: accept, protocol: tcp, destinationPorts: 443', 'action: reject, protocol: tcp, destinationPorts: 443'));
    const before = await readFile(account, 'utf8');

    const run = await runCli(['apply', planFile, '--sandbox', account, '-c', other]);

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`the policy ${other} differs from ${POLICY}, the policy the plan was made from`);
    expect(await readFile(account, 'utf8')).toBe(before);
    // The same policy under another path is the same policy.
    const copy = join(dir, 'copy.yaml');
    await copyFile(POLICY, copy);
    expect((await runCli(['apply', planFile, '--sandbox', account, '-c', copy])).exitCode).toBe(0);
  });

  it('refuses a saved plan for other regions than --region asks for', async () => {
    const planFile = join(dir, 'plan.json');
    expect((await plan('--out', planFile)).exitCode).toBe(0);
    const before = await readFile(account, 'utf8');

    const run = await runCli(['apply', planFile, '--sandbox', account, '--region', 'us-east-1']);

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('the plan covers eu-west-1, us-east-1, this run covers us-east-1');
    expect(await readFile(account, 'utf8')).toBe(before);
  });
});

describe('destroy', () => {
  it("removes what the policy owns and leaves another tool's sessions alone", async () => {
    const foreign = (await sessions(DEMO)).map((session) => session.id);
    expect(foreign.length).toBeGreaterThan(0);
    await apply('--auto-approve');
    const destroyed = await runCli(['destroy', '--sandbox', account, '-c', POLICY, '--auto-approve']);
    expect(destroyed.exitCode).toBe(0);
    expect(destroyed.stdout).toMatch(/Destroy complete! Resources: 0 added, 0 changed, \d+ destroyed\./);
    expect((await sessions(account)).map((session) => session.id).sort()).toEqual([...foreign].sort());
    const nothingLeft = await plan('--destroy', '--detailed-exitcode');
    expect(nothingLeft.exitCode).toBe(0);
    expect(nothingLeft.stdout).toContain('No changes. Policy demo-ndr owns nothing in eu-west-1, us-east-1.');
  });
});

describe('discover and sandbox generate', () => {
  it('writes a sandbox file that plans exactly like the account it was read from', async () => {
    const snapshot = join(dir, 'snapshot.yaml');
    const discovered = await runCli(['discover', '--sandbox', account, '-c', POLICY, '--out', snapshot]);
    expect(discovered.exitCode).toBe(0);
    const original = await plan('--format', 'json');
    const offline = await runCli(['plan', '--sandbox', snapshot, '-c', POLICY, '--format', 'json']);
    expect(offline.stdout).toBe(original.stdout);
  });

  it("writes each subnet's real Availability Zone", async () => {
    const snapshot = join(dir, 'snapshot.yaml');
    expect((await runCli(['discover', '--sandbox', account, '-c', POLICY, '--out', snapshot])).exitCode).toBe(0);
    const zones = async (path: string) =>
      Object.fromEntries(
        Object.values((await readSandboxFile(path)).regions).flatMap((region) => (region.subnets ?? []).map((s) => [s.id, s.az])),
      );
    const written = await zones(snapshot);
    const real = await zones(account);
    expect(Object.values(written)).toContain('us-east-1b');
    for (const [subnet, az] of Object.entries(written)) expect(az, subnet).toBe(real[subnet]);
  });

  it('generates an account and a policy that plan together', async () => {
    const generated = join(dir, 'big.json');
    const policy = join(dir, 'big.yaml');
    const run = await runCli(['sandbox', 'generate', '--instances', '200', '--vpcs', '4', '--out', generated, '--policy-out', policy]);
    expect(run.exitCode).toBe(0);
    const planned = await runCli(['plan', '--sandbox', generated, '-c', policy, '--format', 'json']);
    expect(planned.exitCode).toBe(0);
    expect((JSON.parse(planned.stdout) as { summary: { create: number } }).summary.create).toBeGreaterThan(200);
  });
});

describe('show', () => {
  it('renders a saved plan exactly as plan printed it, without reading the account', async () => {
    const planFile = join(dir, 'plan.json');
    const planned = await plan('--out', planFile, '--format', 'markdown');
    const shown = await runCli(['show', planFile, '--format', 'markdown']);
    expect(shown.exitCode).toBe(0);
    expect(shown.stdout).toBe(planned.stdout);
    expect(shown.stderr).not.toContain('Discovered');
  });
});
