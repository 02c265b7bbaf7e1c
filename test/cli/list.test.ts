/**
 * `mirrorctl list`: what the policy owns, with cost, without planning; other policies marked; stray regions
 * shown; the managed load balancers and target groups it made, and the one no mirror target uses.
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openAccount } from '../../src/app/account.js';
import { listOwned } from '../../src/app/list.js';
import type { Inventory } from '../../src/core/inventory.js';
import { POLICY_TAG } from '../../src/core/ownership.js';
import { HOURS_PER_MONTH } from '../../src/core/cost.js';
import { readSandboxFile, writeSandboxFile } from '../../src/sandbox/index.js';
import { withoutEuropeanTargets, withoutManagedTarget } from './helpers/demo-policy.js';
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

/** The demo policy's one managed load balancer (target ids-eu), as the apply made it in eu-west-1. */
async function managedInEurope() {
  const region = (await readSandboxFile(account)).regions['eu-west-1'];
  const lb = region?.loadBalancers?.find((item) => item.tags?.[POLICY_TAG] === 'demo-ndr');
  const group = region?.targetGroups?.find((item) => item.tags?.[POLICY_TAG] === 'demo-ndr');
  if (lb === undefined || group === undefined) throw new Error('the demo apply made no managed load balancer in eu-west-1');
  return { lb, group };
}

async function writePolicy(name: string, edit: (policy: string) => string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, edit(await readFile(POLICY, 'utf8')));
  return path;
}

const LB_RATE = 0.0225;

describe('mirrorctl list', () => {
  it('lists every session the policy owns, per region, with its monthly cost', async () => {
    const inventory = await list('-c', POLICY);
    for (const region of ['eu-west-1', 'us-east-1']) {
      const listed = inventory.regions.find((item) => item.region === region)?.owned.resources.filter((r) => r.type === 'session');
      expect(listed?.map((resource) => resource.id).sort()).toEqual(await ownedSessionIds(region));
    }
    const sessions = (await ownedSessionIds('eu-west-1')).length + (await ownedSessionIds('us-east-1')).length;
    // The demo's managed load balancer bills its hours too.
    expect(inventory.cost.monthlyAfter).toBeCloseTo((sessions * 0.015 + LB_RATE) * HOURS_PER_MONTH, 1);

    const text = await runCli(['list', '--sandbox', account, '-c', POLICY]);
    expect(text.stdout).toContain(
      `Total: ${sessions} sessions and 1 load balancer owned, $${inventory.cost.monthlyAfter.toFixed(2)}/month at $0.015/session-hour and $0.0225/load-balancer-hour.`,
    );
    expect(text.stdout).toMatch(/Note: managed load balancers in eu-west-1 .* NLCU-hours .* depend on the mirrored traffic and are not included\./);
  });

  it('lists the managed load balancer and target group the policy made: state, zones, listener, sensors and their health', async () => {
    const { lb, group } = await managedInEurope();
    const eu = (await list('-c', POLICY)).regions.find((region) => region.region === 'eu-west-1');
    expect(eu?.owned.loadBalancers).toBe(1);
    const [balancer, targetGroup] = eu?.owned.resources ?? [];
    expect(balancer).toMatchObject({
      type: 'load-balancer',
      id: lb.arn,
      name: lb.name,
      key: 'load-balancer/ids-eu',
      loadBalancer: { state: 'active', listeners: [{ protocol: 'UDP', port: 4789, targetGroupArn: group.arn }] },
    });
    expect(balancer?.loadBalancer?.zones.map((zone) => zone.availabilityZone)).toEqual(['eu-west-1a', 'eu-west-1b']);
    expect(balancer?.notice).toBeUndefined();
    expect(targetGroup).toMatchObject({ type: 'target-group', id: group.arn, name: group.name, key: 'target-group/ids-eu' });
    // The sandbox reports a running sensor in an enabled zone healthy.
    expect(targetGroup?.targetGroup?.sensors?.map((sensor) => [sensor.id, sensor.state])).toEqual(
      (group.targets ?? []).map((target) => [target.id, 'healthy']).sort(),
    );
    expect(targetGroup?.targetGroup?.healthy).toBe(group.targets?.length);

    const text = (await runCli(['list', '--sandbox', account, '-c', POLICY])).stdout;
    expect(text).toMatch(/^eu-west-1: 2 targets, 1 filter, \d+ sessions, 1 load balancer, 1 target group \(/m);
    // An ELBv2 resource goes by its name in text (its ARN is in the JSON).
    const lines = text.split('\n');
    expect(lines.find((line) => line.includes('load-balancer/ids-eu'))).toMatch(
      new RegExp(`^  load-balancer  load-balancer/ids-eu +${lb.name} +active in eu-west-1a, eu-west-1b; listener UDP 4789 → ${group.name}$`),
    );
    expect(lines.find((line) => line.includes('target-group/ids-eu'))).toMatch(
      new RegExp(`^  target-group   target-group/ids-eu +${group.name} +UDP 4789, 2 sensors registered, 2 healthy: i-\\w+ healthy, i-\\w+ healthy$`),
    );
  });

  /** What an apply interrupted after the load balancer and before its mirror target leaves. */
  async function removeMirrorTargetOf(lbArn: string): Promise<void> {
    const file = await readSandboxFile(account);
    const eu = file.regions['eu-west-1'];
    const target = eu?.trafficMirrorTargets?.find((item) => item.networkLoadBalancerArn === lbArn);
    if (eu === undefined || target === undefined) throw new Error('the demo apply made no mirror target on its load balancer');
    eu.trafficMirrorSessions = (eu.trafficMirrorSessions ?? []).filter((session) => session.targetId !== target.id);
    eu.trafficMirrorTargets = (eu.trafficMirrorTargets ?? []).filter((item) => item.id !== target.id);
    await writeSandboxFile(account, file);
  }

  const loadBalancerIn = async (policy: string) =>
    (await list('-c', policy)).regions.find((region) => region.region === 'eu-west-1')?.owned.resources.find((resource) => resource.type === 'load-balancer');

  it('marks a load balancer that no mirror target uses and the policy no longer names, which apply then deletes', async () => {
    // Nothing sends traffic to it and it bills by the hour: only the ELBv2 read finds it.
    const { lb } = await managedInEurope();
    await removeMirrorTargetOf(lb.arn);
    const policy = await writePolicy('without-ids-eu.yaml', withoutManagedTarget);

    const balancer = await loadBalancerIn(policy);
    expect(balancer?.notice).toBe(
      'no mirror target uses it (left by an interrupted apply?): the policy no longer has a managed load balancer target ids-eu, ' +
        'and `mirrorctl apply` deletes it',
    );
    const text = (await runCli(['list', '--sandbox', account, '-c', policy])).stdout;
    expect(text).toContain(`    ! ${balancer?.notice}`);

    expect((await runCli(['apply', '--sandbox', account, '-c', policy, '--auto-approve'])).exitCode).toBe(0);
    const after = (await list('-c', policy)).regions.find((region) => region.region === 'eu-west-1');
    expect(after?.owned.resources.filter((resource) => resource.type === 'load-balancer' || resource.type === 'target-group')).toEqual([]);
  });

  it('marks a load balancer whose mirror target an apply never made, which apply then completes', async () => {
    const { lb } = await managedInEurope();
    await removeMirrorTargetOf(lb.arn);
    expect((await loadBalancerIn(POLICY))?.notice).toBe(
      'no mirror target uses it (left by an interrupted apply?): `mirrorctl apply` completes target ids-eu with it ' +
        '(or deletes it, if ids-eu is now placed in another region)',
    );

    expect((await runCli(['apply', '--sandbox', account, '-c', POLICY, '--auto-approve'])).exitCode).toBe(0);
    const after = await loadBalancerIn(POLICY);
    expect(after?.id).toBe(lb.arn);
    expect(after?.notice).toBeUndefined();
  });

  it('fails without ELBv2 permissions when the policy has a managed load balancer, as plan does', async () => {
    const file = await readSandboxFile(account);
    await writeSandboxFile(account, { ...file, deniedActions: ['elasticloadbalancing:DescribeLoadBalancers'] });
    const run = await runCli(['list', '--sandbox', account, '-c', POLICY]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('elasticloadbalancing:DescribeLoadBalancers');
  });

  it('lists a policy without managed load balancers where ELBv2 is denied, and warns of what it left out', async () => {
    const file = await readSandboxFile(account);
    await writeSandboxFile(account, { ...file, deniedActions: ['elasticloadbalancing:DescribeLoadBalancers'] });
    const usOnly = await writePolicy('us-only.yaml', withoutEuropeanTargets);

    const run = await runCli(['list', '--sandbox', account, '-c', usOnly, '--format', 'json']);
    expect(run.exitCode).toBe(0);
    const inventory = JSON.parse(run.stdout) as Inventory;
    // eu-west-1 is no longer listed but still holds the policy's sessions: its load balancers are looked for too.
    for (const region of ['eu-west-1', 'us-east-1']) {
      expect(inventory.regions.find((item) => item.region === region)?.loadBalancersNotRead).toContain('elasticloadbalancing:DescribeLoadBalancers');
      expect(run.stderr).toContain(`warning: could not read the managed load balancers in ${region} (Access denied`);
    }
    expect(inventory.regions.find((item) => item.region === 'us-east-1')?.owned.sessions).toBe((await ownedSessionIds('us-east-1')).length);
    const text = await runCli(['list', '--sandbox', account, '-c', usOnly]);
    expect(text.stdout).toContain('Managed load balancers not read in eu-west-1, us-east-1: not listed, and not in the total.');
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
    // Where the policy left sessions, its load balancer is looked for too: it still bills.
    expect(eu?.owned.loadBalancers).toBe(1);

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
    // ELBv2, as list.ts counts it: in each of the two regions a page of load balancers, one of target groups
    // and one DescribeTags; the details of the one managed load balancer and its target group in eu-west-1.
    const elbv2 = Object.fromEntries(
      ['DescribeLoadBalancers', 'DescribeTargetGroups', 'DescribeTags', 'DescribeListeners', 'DescribeLoadBalancerAttributes', 'DescribeTargetHealth'].map(
        (action) => [action, calls[action]],
      ),
    );
    expect(elbv2).toEqual({
      DescribeLoadBalancers: 2,
      DescribeTargetGroups: 2,
      DescribeTags: 2,
      DescribeListeners: 1,
      DescribeLoadBalancerAttributes: 1,
      DescribeTargetHealth: 1,
    });
  });
});
