/**
 * Apply when things go wrong, through the real CLI: an action AWS refuses, and an interrupted run. In both
 * cases the exit code is 1, the report says what happened, and running apply again converges.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const DEMO = 'examples/sandbox/demo-account.yaml';
const POLICY = 'examples/sandbox/mirror.config.yaml';

let dir: string;
let account: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mirrorctl-failures-'));
  account = join(dir, 'account.yaml');
  await copyFile(DEMO, account);
});

describe('an action AWS refuses', () => {
  it('fails alone with its AWS code; the rest is applied and the exit code is 1', async () => {
    // Claiming t2 is supported makes the planner propose sessions that EC2 rejects.
    const policy = join(dir, 'policy.yaml');
    await writeFile(policy, `${await readFile(POLICY, 'utf8')}\ninstanceSupport:\n  allow: [t2]\n`);
    const run = await runCli(['apply', '--sandbox', account, '-c', policy, '--auto-approve']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('NetworkInterfaceNotSupported');
    expect(run.stdout).toMatch(/Apply finished with errors: \d+ failed/);

    // Only the refused sessions are left: the same policy without the override has nothing more to do.
    const after = await runCli(['plan', '--sandbox', account, '-c', POLICY, '--detailed-exitcode']);
    expect(after.exitCode).toBe(0);
  });
});

describe('an interrupted apply', () => {
  it('stops on SIGINT with exit 1, and the next apply converges', async () => {
    const child = spawn(
      process.execPath,
      ['bin/mirrorctl.js', 'apply', '--sandbox', account, '-c', POLICY, '--auto-approve', '--concurrency', '1', '--sandbox-latency', '100'],
      { env: { ...process.env, NO_COLOR: '1' } },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const planShown = stdout.includes('Plan:');
        stdout += chunk.toString();
        // The plan is printed just before the apply starts; at 100 ms a call it then runs for seconds.
        if (!planShown && stdout.includes('Plan:')) setTimeout(() => child.kill('SIGINT'), 700);
      });
      child.on('close', resolve);
    });
    expect(stderr).toContain('SIGINT received');
    expect(exitCode).toBe(1);
    expect(stdout).toContain('Apply interrupted.');

    const resumed = await runCli(['apply', '--sandbox', account, '-c', POLICY, '--auto-approve']);
    expect(resumed.exitCode).toBe(0);
    const after = await runCli(['plan', '--sandbox', account, '-c', POLICY, '--detailed-exitcode']);
    expect(after.exitCode).toBe(0);
  });
});
