/** `--max-monthly-cost-increase`: CI's ceiling on what a plan may add to the monthly bill. */
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readSandboxFile } from '../../src/sandbox/index.js';
import { runCli } from './run-cli.js';

const DEMO = 'examples/sandbox/demo-account.yaml';
const POLICY = 'examples/sandbox/mirror.config.yaml';
// The demo plan adds 18 sessions at $0.015/session-hour and the load balancer it manages at $0.0225/hour:
// 18 × 0.015 × 730 + 0.0225 × 730 = 197.10 + 16.425 = $213.53 a month (cents rounded).
const DEMO_INCREASE = 213.53;

let account: string;

beforeEach(async () => {
  account = join(await mkdtemp(join(tmpdir(), 'mirrorctl-ceiling-')), 'account.yaml');
  await copyFile(DEMO, account);
});

const sessionCount = async () =>
  Object.values((await readSandboxFile(account)).regions).reduce((sum, region) => sum + (region.trafficMirrorSessions ?? []).length, 0);

describe('--max-monthly-cost-increase', () => {
  it('fails a plan that adds more, after showing it', async () => {
    const run = await runCli(['plan', '--sandbox', account, '-c', POLICY, '--max-monthly-cost-increase', '100']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/Plan: \d+ to add/);
    expect(run.stderr).toContain(`the plan adds +$${DEMO_INCREASE.toFixed(2)}/month (+18 sessions, +1 load balancer), more than --max-monthly-cost-increase $100.00 allows`);
  });

  it('passes a plan that adds exactly the ceiling or less, with --detailed-exitcode unchanged', async () => {
    const run = await runCli(['plan', '--sandbox', account, '-c', POLICY, '--max-monthly-cost-increase', String(DEMO_INCREASE), '--detailed-exitcode']);
    expect(run.exitCode).toBe(2);
  });

  it('never applies a fresh or a saved plan over the ceiling', async () => {
    const before = await sessionCount();
    const fresh = await runCli(['apply', '--sandbox', account, '-c', POLICY, '--auto-approve', '--max-monthly-cost-increase', '10']);
    expect(fresh.exitCode).toBe(1);
    expect(fresh.stderr).toContain('nothing was applied');
    const planFile = join(account, '..', 'plan.json');
    expect((await runCli(['plan', '--sandbox', account, '-c', POLICY, '--out', planFile])).exitCode).toBe(0);
    const saved = await runCli(['apply', planFile, '--sandbox', account, '--max-monthly-cost-increase', '10']);
    expect(saved.exitCode).toBe(1);
    expect(saved.stderr).toContain('more than --max-monthly-cost-increase $10.00 allows; nothing was applied');
    expect(await sessionCount()).toBe(before);
  });

  it('refuses a negative ceiling before reading anything', async () => {
    const run = await runCli(['plan', '--sandbox', account, '-c', POLICY, '--max-monthly-cost-increase', '-5']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('--max-monthly-cost-increase must be a number of at least 0');
  });
});
