/** A region dropped from the policy: what the policy made there is still reachable by destroy --region. */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { POLICY_TAG } from '../../src/core/ownership.js';
import { readSandboxFile } from '../../src/sandbox/index.js';
import { withoutEuropeanTargets } from './helpers/demo-policy.js';
import { runCli } from './run-cli.js';

const DEMO = 'examples/sandbox/demo-account.yaml';
const POLICY = 'examples/sandbox/mirror.config.yaml';

let dir: string;
let account: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mirrorctl-stray-'));
  account = join(dir, 'account.yaml');
  await copyFile(DEMO, account);
});

async function sessionsIn(region: string) {
  const file = await readSandboxFile(account);
  const resources = file.regions[region];
  return {
    all: (resources?.trafficMirrorSessions ?? []).map((session) => session.id).sort(),
    owned: [
      ...(resources?.trafficMirrorSessions ?? []),
      ...(resources?.trafficMirrorTargets ?? []),
      ...(resources?.trafficMirrorFilters ?? []),
    ].filter((item) => item.tags?.[POLICY_TAG] === 'demo-ndr').length,
    // The managed load balancer's parts: a destroy deletes them too, but the look at unlisted regions reads EC2 only.
    balancing: [...(resources?.loadBalancers ?? []), ...(resources?.targetGroups ?? []), ...(resources?.listeners ?? [])].filter(
      (item) => item.tags?.[POLICY_TAG] === 'demo-ndr',
    ).length,
  };
}

it('destroy --region deletes what the policy still owns in a region it no longer lists, and nothing else', async () => {
  expect((await runCli(['apply', '--sandbox', account, '-c', POLICY, '--auto-approve'])).exitCode).toBe(0);
  const eu = await sessionsIn('eu-west-1');
  const us = await sessionsIn('us-east-1');
  expect(eu.owned).toBeGreaterThan(0);

  const withoutEu = join(dir, 'mirror.config.yaml');
  const text = withoutEuropeanTargets(await readFile(POLICY, 'utf8'));
  await writeFile(withoutEu, text);
  const refused = await runCli(['plan', '--sandbox', account, '-c', withoutEu, '--region', 'eu-west-1']);
  expect(refused.exitCode).toBe(1);
  expect(refused.stderr).toContain('mirrorctl destroy --region eu-west-1');
  // A plain plan looks at the regions the policy does not list, and says what still bills there.
  const plan = await runCli(['plan', '--sandbox', account, '-c', withoutEu, '--format', 'json']);
  expect(plan.exitCode).toBe(0);
  const warnings = (JSON.parse(plan.stdout) as { warnings: { code: string; region?: string; message: string }[] }).warnings;
  expect(warnings.filter((item) => item.code === 'owned-resources-in-unlisted-region')).toEqual([
    expect.objectContaining({ region: 'eu-west-1', message: expect.stringContaining(`holds ${eu.owned} resources of policy demo-ndr`) }),
  ]);

  const destroy = await runCli(['destroy', '--sandbox', account, '-c', withoutEu, '--region', 'eu-west-1', '--auto-approve']);
  expect(destroy.stderr).not.toContain('failed');
  expect(destroy.exitCode).toBe(0);
  expect(destroy.stdout).toContain(`0 added, 0 changed, ${eu.owned + eu.balancing} destroyed`);
  expect(await sessionsIn('eu-west-1')).toEqual({ all: [], owned: 0, balancing: 0 });
  expect(await sessionsIn('us-east-1')).toEqual(us);
});
