import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/aws/apply/index.js';
import { seededRandom } from '../../src/sandbox/sim/random.js';
import { runCli } from '../cli/run-cli.js';
import { virtualSandbox } from './helpers/sandbox.js';
import { REGION, account, eniId, greenfieldPlan, instance, range } from './helpers/world.js';

describe('applyPlan when AWS refuses the credentials', () => {
  it('stops at the first ExpiredToken: nothing new is sent, nothing retried, the rest is not started', async () => {
    const count = 47;
    const concurrency = 8;
    const { clock, sandbox, clients } = virtualSandbox(account(range(1, count).map((n) => instance(n))), {
      expireCredentialsAfterWrites: 5,
    });
    const plan = greenfieldPlan(range(1, count).map(eniId));
    expect(plan.actions).toHaveLength(50);

    const result = await applyPlan(plan, clients, { planId: 'expired', ...clock, concurrency, random: seededRandom(4) });

    expect(result.stoppedBy).toBe('auth');
    expect(result.interrupted).toBe(false);
    expect(result.authFailure).toMatchObject({ code: 'ExpiredToken', message: expect.stringContaining('expired') });
    // Only the calls already in flight when the first refusal came back were answered after it.
    expect(sandbox.calls.expired).toBeGreaterThanOrEqual(1);
    expect(sandbox.calls.expired).toBeLessThanOrEqual(concurrency);
    expect(sandbox.calls.mutating()).toBeLessThanOrEqual(5 + concurrency);
    expect(result.retries).toBe(0);
    // Every call sent reached the sandbox once: the creates, and the reads that confirm each created id exists.
    expect(result.apiCalls).toBe(sandbox.calls.total());
    expect(sandbox.calls.total() - sandbox.calls.mutating()).toBeLessThanOrEqual(5);

    const failed = result.outcomes.filter((o) => o.status === 'failed');
    // Refused creates fail; a create that was answered but whose confirming read was refused stands as done.
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed.length).toBeLessThanOrEqual(sandbox.calls.expired);
    expect(failed.every((o) => o.error?.code === 'ExpiredToken' && o.attempts === 1)).toBe(true);
    expect(failed[0]?.error?.explanation).toContain('aws sso login');
    expect(result.counts).toMatchObject({ added: 5, failed: failed.length, skipped: 0 });
    expect(result.counts.notStarted).toBe(plan.actions.length - 5 - failed.length);
    expect(result.outcomes.filter((o) => o.status === 'not-started').every((o) => o.attempts === 0)).toBe(true);

    const state = sandbox.toFile().regions[REGION];
    const made =
      (state?.trafficMirrorTargets?.length ?? 0) +
      (state?.trafficMirrorFilters?.length ?? 0) +
      (state?.trafficMirrorFilters?.[0]?.rules?.length ?? 0) +
      (state?.trafficMirrorSessions?.length ?? 0);
    expect(made).toBe(5);
  });

  it('sends one call and creates nothing when the credentials are already expired', async () => {
    const { clock, sandbox, clients } = virtualSandbox(account([instance(1)]), { expireCredentialsAfterWrites: 0 });

    const result = await applyPlan(greenfieldPlan([eniId(1)]), clients, { planId: 'refused', ...clock, concurrency: 1 });

    expect(result.stoppedBy).toBe('auth');
    expect(result.outcomes[0]).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'ExpiredToken' } });
    expect(result.outcomes.slice(1).every((o) => o.status === 'not-started')).toBe(true);
    expect(sandbox.calls.total()).toBe(1);
  });
});

describe('mirrorctl apply when the credentials expire midway', () => {
  it('says once that the credentials were refused and how to refresh them, and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mirrorctl-auth-'));
    const file = join(dir, 'account.yaml');
    await copyFile('examples/sandbox/demo-account.yaml', file);

    const run = await runCli([
      'apply',
      '--sandbox',
      file,
      '-c',
      'examples/sandbox/mirror.config.yaml',
      '--auto-approve',
      '--sandbox-expire-credentials-after',
      '2',
    ]);

    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('ExpiredToken');
    expect(run.stdout).toMatch(/Apply stopped: AWS refused the credentials \(ExpiredToken\)\. Resources: \d+ added/);
    expect(run.stdout.split('aws sso login')).toHaveLength(2);
    expect(run.stdout).not.toContain('finished with errors');
  });
});
