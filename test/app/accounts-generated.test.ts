/** The generated organization the bench plans: its policy covers it exactly, at a few calls an account and region. */
import { describe, expect, it } from 'vitest';
import { createAwsClients } from '../../src/aws/clients.js';
import { planAccounts } from '../../src/app/accounts/plan-accounts.js';
import { createSandbox, generateOrganization, generateOrganizationPolicy, workloadAccountId, type VpcSelection } from '../../src/sandbox/index.js';
import { loadPolicyFromString } from '../../src/policy/load.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
const ACCOUNTS = [1, 2, 3].map(workloadAccountId);

async function planGenerated(mirrored: boolean, selectVpcs: VpcSelection = 'tags') {
  const file = generateOrganization({ seed: 7, accounts: 3, regions: REGIONS, instancesPerRegion: 5, mirrored, selectVpcs });
  const loaded = loadPolicyFromString(generateOrganizationPolicy(file, { seed: 7, selectVpcs }), 'generated.yaml');
  if (loaded.policy === undefined) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
  const sandbox = createSandbox(file);
  const caller = { readers: createAwsClients({ sandbox }), writers: createAwsClients({ sandbox, maxAttempts: 1 }), sandbox: { instance: sandbox, path: 'unused' } };
  const run = await planAccounts({
    configPath: 'generated.yaml',
    loaded: { policy: loaded.policy, warnings: [], hash: 'x' },
    caller,
    accountOptions: {},
    mode: 'converge',
  });
  return { run, sandbox };
}

/** An account's calls, without the instance-type facts (read once for the run, by whichever account meets a type first). */
function discoveryCalls(sandbox: ReturnType<typeof createSandbox>, account: string): Record<string, number> {
  const { DescribeInstanceTypes: _shared, ...calls } = sandbox.callsOf(account).byAction;
  return calls;
}

/**
 * An account's calls over the run's two regions when its entries name their VPCs by id: the unlisted-region
 * look, then instances, sessions, targets, filters and the look at ELBv2's load balancers, once a region.
 */
const READS_BY_ID = {
  DescribeRegions: 1,
  DescribeInstances: 2,
  DescribeTrafficMirrorSessions: 2,
  DescribeTrafficMirrorTargets: 2,
  DescribeTrafficMirrorFilters: 2,
  DescribeLoadBalancers: 2,
};

describe('a generated organization', () => {
  for (const selectVpcs of ['tags', 'ids'] as const) {
    it(`has nothing to change when mirrored (VPCs selected by ${selectVpcs})`, async () => {
      const { run } = await planGenerated(true, selectVpcs);
      expect(run.plan.accounts.map((entry) => entry.accountId)).toEqual(ACCOUNTS);
      for (const entry of run.plan.accounts) {
        expect(entry.status === 'planned' && [entry.plan.actions, entry.plan.warnings]).toEqual([[], []]);
      }
    });
  }

  it('creates one session per interface, to the shared target of its region, when not', async () => {
    const { run, sandbox } = await planGenerated(false);
    for (const entry of run.plan.accounts) {
      const sessions = entry.status === 'planned' ? entry.plan.actions.filter((action) => action.type === 'session') : [];
      expect(sessions).toHaveLength(10);
      // Named by Organizations: IAM is not asked for an alias.
      expect(entry.name).toMatch(/^workload-\d$/);
    }
    // Per account: no identity (AssumeRole named the account), no alias (Organizations named it), the
    // unlisted-region look (DescribeRegions), and 6 reads a region: VPCs (the entry selects by tag),
    // instances, sessions, targets, filters, and one look at ELBv2's load balancers (none: nothing more).
    for (const account of ACCOUNTS) expect(discoveryCalls(sandbox, account)).toEqual({ ...READS_BY_ID, DescribeVpcs: 2 });
    // The four instance types of each region, read once for all three accounts.
    expect(sandbox.calls.byAction['DescribeInstanceTypes']).toBe(REGIONS.length);
    expect(sandbox.callsOf('100000000000').byAction).toEqual({
      GetCallerIdentity: 1,
      ListAccountsForParent: 1,
      ListOrganizationalUnitsForParent: 1,
      AssumeRole: 3,
    });
  });

  it('reads 4 kinds of resource a region, and looks at ELBv2, when the entries name their VPCs by id', async () => {
    const { run, sandbox } = await planGenerated(false, 'ids');
    for (const entry of run.plan.accounts) {
      expect(entry.status === 'planned' && entry.plan.actions.filter((action) => action.type === 'session')).toHaveLength(10);
    }
    for (const account of ACCOUNTS) expect(discoveryCalls(sandbox, account)).toEqual(READS_BY_ID);
    expect(sandbox.calls.byAction['DescribeInstanceTypes']).toBe(REGIONS.length);
  });
});
