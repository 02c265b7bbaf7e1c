/** The generated organization the bench plans: its policy covers it exactly. */
import { describe, expect, it } from 'vitest';
import { createAwsClients } from '../../src/aws/clients.js';
import { planAccounts } from '../../src/app/accounts/plan-accounts.js';
import { createSandbox, generateOrganization, generateOrganizationPolicy, workloadAccountId } from '../../src/sandbox/index.js';
import { loadPolicyFromString } from '../../src/policy/load.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

async function planGenerated(mirrored: boolean) {
  const file = generateOrganization({ seed: 7, accounts: 3, regions: REGIONS, instancesPerRegion: 5, mirrored });
  const loaded = loadPolicyFromString(generateOrganizationPolicy(file, { seed: 7 }), 'generated.yaml');
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

describe('a generated organization', () => {
  it('has nothing to change when mirrored', async () => {
    const { run } = await planGenerated(true);
    expect(run.plan.accounts.map((entry) => entry.accountId)).toEqual([1, 2, 3].map(workloadAccountId));
    for (const entry of run.plan.accounts) {
      expect(entry.status === 'planned' && [entry.plan.actions, entry.plan.warnings]).toEqual([[], []]);
    }
  });

  it('creates one session per interface, to the shared target of its region, when not', async () => {
    const { run, sandbox } = await planGenerated(false);
    for (const entry of run.plan.accounts) {
      const sessions = entry.status === 'planned' ? entry.plan.actions.filter((action) => action.type === 'session') : [];
      expect(sessions).toHaveLength(10);
    }
    // Per account: AssumeRole (counted in the caller's account), then identity, alias, regions, and 9 reads a
    // region: 7 of EC2, and the account's load balancers and target groups (a managed load balancer the policy
    // no longer names must still be found to be deleted).
    expect(sandbox.callsOf(workloadAccountId(1)).total()).toBe(3 + 9 * REGIONS.length);
    expect(sandbox.callsOf('100000000000').byAction).toEqual({
      GetCallerIdentity: 1,
      ListAccountsForParent: 1,
      ListOrganizationalUnitsForParent: 1,
      AssumeRole: 3,
    });
  });
});
