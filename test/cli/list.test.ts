/** `mirrorctl list`: what the policy owns, with cost, without planning; other policies marked; stray regions shown. */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openAccount } from '../../src/app/account.js';
import { listOwned } from '../../src/app/list.js';
import type { Inventory } from '../../src/core/inventory.js';
import { POLICY_TAG } from '../../src/core/ownership.js';
import { readSandboxFile, writeSandboxFile } from '../../src/sandbox/index.js';
import { withoutEuropeanTargets } from './helpers/demo-policy.js';
import { runCli } from './run-cli.js';

const DEMO = 'examples/sandbox/demo-account.yaml';
const POLICY = 'examples/sandbox/mirror.config.yaml';

let dir: string;
let account: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mirrorctl-list-'));
  account = join(dir, 'account.yaml');
  await copyFile(DEMO, account);
  expect((await runCli(['apply', '--sandbox', account, '-c', POLICY, '--auto-approve'])).exitCode).toBe(0);
});

async function ownedSessionIds(region: string, policy = 'demo-ndr'): Promise<string[]> {
  const file = await readSandboxFile(account);
  return (file.regions[region]?.trafficMirrorSessions ?? []).filter((s) => s.tags?.[POLICY_TAG] === policy).map((s) => s.id).sort();
}

const list = async (...extra: string[]) => {
  const run = await runCli(['list', '--sandbox', account, '--format', 'json', ...extra]);
  expect(run.exitCode).toBe(0);
  return JSON.parse(run.stdout) as Inventory;
};

describe('mirrorctl list', () => {
  it('lists every session the policy owns, per region, with its monthly cost', async () => {
    const inventory = await list('-c', POLICY);
    for (const region of ['eu-west-1', 'us-east-1']) {
      const listed = inventory.regions.find((item) => item.region === region)?.owned.resources.filter((r) => r.type === 'session');
      expect(listed?.map((resource) => resource.id).sort()).toEqual(await ownedSessionIds(region));
    }
    const sessions = (await ownedSessionIds('eu-west-1')).length + (await ownedSessionIds('us-east-1')).length;
    expect(inventory.cost.monthlyAfter).toBeCloseTo(sessions * 0.015 * 730, 2);

    const text = await runCli(['list', '--sandbox', account, '-c', POLICY]);
    expect(text.stdout).toContain(`Total: ${sessions} sessions owned, $${(sessions * 0.015 * 730).toFixed(2)}/month at $0.015/session-hour.`);
  });

  it("marks another mirrorctl policy's resources apart, and a region the policy no longer lists", async () => {
    const file = await readSandboxFile(account);
    const staging = file.regions['us-east-1']?.trafficMirrorSessions?.find((s) => s.tags?.[POLICY_TAG] === 'demo-ndr');
    if (staging?.tags === undefined) throw new Error('the demo apply made no session in us-east-1');
    staging.tags[POLICY_TAG] = 'staging';
    await writeSandboxFile(account, file);
    const usOnly = join(dir, 'us-only.yaml');
    await writeFile(usOnly, withoutEuropeanTargets(await readFile(POLICY, 'utf8')));

    const inventory = await list('-c', usOnly);
    const us = inventory.regions.find((region) => region.region === 'us-east-1');
    expect(us?.otherPolicies).toEqual([expect.objectContaining({ policyName: 'staging', sessions: 1 })]);
    expect(us?.owned.resources.some((resource) => resource.id === staging.id)).toBe(false);
    const eu = inventory.regions.find((region) => region.region === 'eu-west-1');
    expect(eu?.listed).toBe(false);
    expect(eu?.owned.sessions).toBe((await ownedSessionIds('eu-west-1')).length);

    const text = (await runCli(['list', '--sandbox', account, '-c', usOnly])).stdout;
    expect(text).toContain('eu-west-1 (a region the policy no longer lists: this still bills)');
    expect(text).toContain('us-east-1: staging: 0 targets, 0 filters, 1 session ($10.95/month)');
  });

  it('reads pages of tagged resources, never the instances or interfaces', async () => {
    const opened = await openAccount({ sandboxPath: account });
    await listOwned({ configPath: POLICY, account: opened });
    const calls = opened.sandbox?.instance.calls.byAction ?? {};
    expect(Object.keys(calls).filter((action) => /Instances|NetworkInterfaces|Vpcs|Subnets/.test(action))).toEqual([]);
    expect(calls['DescribeTrafficMirrorSessions']).toBeGreaterThan(0);
  });
});
