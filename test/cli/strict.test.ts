/** `--strict`: every warning, the policy's and the plan's, is an error; through the real CLI on the sandbox. */
import { copyFile, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const DEMO = 'examples/sandbox/demo-account.yaml';
const POLICY = 'examples/sandbox/mirror.config.yaml';
/** A valid policy with one warning: a filter without egress rules. */
const POLICY_WITH_WARNING = 'test/fixtures/policies/valid/task-example.yaml';

let dir: string;
let account: string;
/** The demo policy with its prod entry on a VPC that does not exist: the plan warns vpc-not-found. */
let warned: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mirrorctl-strict-'));
  account = join(dir, 'account.yaml');
  await copyFile(DEMO, account);
  warned = join(dir, 'warned.yaml');
  await writeFile(warned, (await readFile(POLICY, 'utf8')).replace('id: vpc-0e1a9d0c4b7f20001', 'id: vpc-0e1a9d0c4b7f2000f'));
});

/** The demo policy with filter web-only left without egress rules: a policy warning, and a plan warning. */
async function withoutWebEgress(): Promise<string> {
  const path = join(dir, 'policy.yaml');
  const text = await readFile(POLICY, 'utf8');
  const edited = text.replace(/(  web-only:[\s\S]*?)    egress:\n(      - .*\n){2}/, '$1');
  expect(edited).not.toBe(text);
  await writeFile(path, edited);
  return path;
}

const plan = (policy: string, ...extra: string[]) => runCli(['plan', '--sandbox', account, '-c', policy, ...extra]);
const exists = (path: string) => stat(path).then(() => true, () => false);

describe('plan --strict', () => {
  it('passes a plan without warnings', async () => {
    const run = await plan(POLICY, '--strict', '--detailed-exitcode');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).not.toContain('error');
  });

  it('prints the plan, then fails listing the warnings it turned into errors', async () => {
    const run = await plan(warned, '--strict');
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('Plan: ');
    expect(run.stderr).toContain('mirrorctl: error: --strict turned 1 warning into errors:\n');
    expect(run.stderr).toContain('  - vpcs entry vpc-0e1a9d0c4b7f2000f: VPC vpc-0e1a9d0c4b7f2000f was not found in eu-west-1, us-east-1 [vpc-not-found]\n');
    expect(run.stderr).toContain('hint: fix what each warning says and run again (or drop --strict to accept them)');
    expect((await plan(warned)).exitCode).toBe(0);
  });

  it('exits 1, not 2, with --detailed-exitcode', async () => {
    const run = await plan(warned, '--strict', '--detailed-exitcode');
    expect(run.exitCode).toBe(1);
    expect((await plan(warned, '--detailed-exitcode')).exitCode).toBe(2);
  });

  it('saves no plan', async () => {
    const out = join(dir, 'plan.json');
    const run = await plan(warned, '--strict', '--out', out);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`hint: the plan was not saved to ${out}; fix what each warning says`);
    expect(run.stdout).not.toContain('Saved the plan');
    expect(await exists(out)).toBe(false);
  });

  it('counts the policy’s warnings too', async () => {
    const run = await plan(await withoutWebEgress(), '--strict');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('--strict turned 2 warnings into errors');
    expect(run.stderr).toMatch(/  - \S+policy\.yaml:\d+:\d+: filter "web-only" has no egress rules: outbound traffic is not mirrored \[filter-without-egress\]/);
    expect(run.stderr).toContain('[filter-without-egress-rules]');
  });

  it('with --format json prints the document alone on stdout, with the warnings and status error', async () => {
    const run = await plan(warned, '--strict', '--format', 'json');
    expect(run.exitCode).toBe(1);
    const document = JSON.parse(run.stdout) as { status: string; warnings: { code: string }[] };
    expect(document.status).toBe('error');
    expect(document.warnings.map((item) => item.code)).toEqual(['vpc-not-found']);
    expect(run.stderr).toContain('--strict turned 1 warning into errors');

    const clean = JSON.parse((await plan(POLICY, '--strict', '--format', 'json')).stdout) as Record<string, unknown>;
    expect(Object.keys(clean).slice(0, 2)).toEqual(['formatVersion', 'status']);
    expect(clean['status']).toBe('ok');
    expect(JSON.parse((await plan(POLICY, '--format', 'json')).stdout)).not.toHaveProperty('status');
  });
});

describe('apply and destroy --strict', () => {
  const sessions = async () => (await readFile(account, 'utf8')).match(/tms-/g)?.length ?? 0;

  it('apply refuses before asking or applying anything', async () => {
    const run = await runCli(['apply', '--sandbox', account, '-c', warned, '--strict', '--auto-approve']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('--strict turned 1 warning into errors');
    expect(run.stderr).toContain('hint: nothing was applied; fix what each warning says');
    expect(run.stdout).not.toContain('Apply complete');
    expect(await sessions()).toBe(1);
  });

  it('apply --format json prints a refused result document, and nothing else', async () => {
    const run = await runCli(['apply', '--sandbox', account, '-c', warned, '--strict', '--auto-approve', '--format', 'json']);
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      status: 'refused',
      refusedBy: 'strict',
      warnings: [{ code: 'vpc-not-found' }],
      counts: { added: 0, changed: 0, destroyed: 0 },
      outcomes: [],
    });
  });

  it('apply PLANFILE re-checks the warnings of the plan made now', async () => {
    const out = join(dir, 'plan.json');
    expect((await plan(warned, '--out', out)).exitCode).toBe(0);
    const run = await runCli(['apply', out, '--sandbox', account, '--strict']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('[vpc-not-found]');
    expect(await sessions()).toBe(1);
    expect((await runCli(['apply', out, '--sandbox', account])).exitCode).toBe(0);
  });

  it('destroy refuses too: here for a warning of the policy', async () => {
    expect((await runCli(['apply', '--sandbox', account, '-c', POLICY, '--auto-approve'])).exitCode).toBe(0);
    const mirrored = await sessions();
    const run = await runCli(['destroy', '--sandbox', account, '-c', await withoutWebEgress(), '--strict', '--auto-approve']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('[filter-without-egress]');
    expect(await sessions()).toBe(mirrored);
  });
});

describe('validate --strict', () => {
  it('fails on a policy warning, saying --strict turned it into an error', async () => {
    const run = await runCli(['validate', '-c', POLICY_WITH_WARNING, '--strict']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('warning: filter "web-only" has no egress rules');
    expect(run.stderr).toContain('mirrorctl: error: --strict turned the warning above into errors');
    expect(run.stdout).toBe('');
    expect((await runCli(['validate', '-c', POLICY_WITH_WARNING])).exitCode).toBe(0);
  });

  it('passes a policy without warnings', async () => {
    const run = await runCli(['validate', '-c', POLICY, '--strict']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('valid');
  });

  it('with --format json reports the policy as not valid under --strict', async () => {
    const run = await runCli(['validate', '-c', POLICY_WITH_WARNING, '--strict', '--format', 'json']);
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: false, strict: true, errorCount: 0, warningCount: 1 });
    expect(JSON.parse((await runCli(['validate', '-c', POLICY_WITH_WARNING, '--format', 'json'])).stdout)).toMatchObject({ valid: true });
  });
});
