/**
 * The central account's target, made by the policy on its NLB and shared with AWS RAM, is named by id for the
 * workload accounts (they cannot name another account's load balancer). In the owner it stays that policy
 * target's (not made again beside it, which AWS would refuse), and a target named by id is never deleted: so a
 * destroy over the organization never meets it still in use, no account's destroy waits for another's, and
 * the owner never sees TrafficMirrorTargetInUseException from the workloads' sessions.
 */
import { describe, expect, it } from 'vitest';
import { saveSandbox } from '../../src/app/account.js';
import { accountConverged, applyAccounts } from '../../src/app/accounts/apply-accounts.js';
import { ownershipTags } from '../../src/core/ownership.js';
import type { SandboxFile } from '../../src/sandbox/index.js';
import { organizationFile, SECURITY, SECURITY_NLB, SHARED_TARGET, WORKLOAD_A, WORKLOAD_B } from '../sandbox/organization-fixture.js';
import { organization, organizationPolicy } from './accounts-helpers.js';

/** The organization whose security account's shared target was made by this policy, on its own NLB. */
function policyMadeSharedTarget(): SandboxFile {
  const file = organizationFile();
  const security = file.accounts?.find((account) => account.accountId === SECURITY);
  const target = Object.values(security?.regions ?? {})
    .flatMap((region) => region.trafficMirrorTargets ?? [])
    .find((candidate) => candidate.id === SHARED_TARGET);
  if (target === undefined) throw new Error('the fixture has no shared target');
  Object.assign(target, { tags: ownershipTags('org-ndr', 'target/sensors') });
  return file;
}

const targetsOf = (file: SandboxFile, accountId: string) =>
  Object.values(file.accounts?.find((account) => account.accountId === accountId)?.regions ?? {}).flatMap((region) => region.trafficMirrorTargets ?? []);
const sessionsOf = (file: SandboxFile, accountId: string) =>
  Object.values(file.accounts?.find((account) => account.accountId === accountId)?.regions ?? {}).flatMap((region) => region.trafficMirrorSessions ?? []);

describe('destroy over an organization with a shared target the policy made', () => {
  it('deletes the workloads’ sessions and filters, and keeps the target they used', async () => {
    const policy = organizationPolicy().replace('targets:\n', `targets:\n  sensors: { networkLoadBalancerArn: ${SECURITY_NLB} }\n`);
    const org = await organization(policyMadeSharedTarget(), policy);
    const caller = await org.open();
    const converge = await org.plan({}, caller);
    const converged = await applyAccounts({ accounts: converge.planned, planId: 'converge' });
    // The security account's policy target is the shared one it made: kept as it is, not made again beside it.
    expect(converged.map((outcome) => [outcome.accountId, outcome.status])).toEqual([
      [SECURITY, 'no-changes'],
      [WORKLOAD_A, 'applied'],
      [WORKLOAD_B, 'applied'],
    ]);
    expect(converged.every(accountConverged)).toBe(true);
    await saveSandbox(caller);

    const again = await org.open();
    const destroy = await org.plan({ mode: 'destroy' }, again);
    const securityPlan = destroy.plan.accounts.find((entry) => entry.accountId === SECURITY);
    expect(securityPlan?.status === 'planned' && securityPlan.plan.actions).toEqual([]);
    // Every account at once: nothing orders them, and nothing needs to.
    const outcomes = await applyAccounts({ accounts: destroy.planned, planId: 'destroy', accountConcurrency: 3 });
    expect(outcomes.every(accountConverged)).toBe(true);
    await saveSandbox(again);

    const after = (await org.open()).sandbox.instance.toFile();
    expect(sessionsOf(after, WORKLOAD_A)).toEqual([]);
    expect(sessionsOf(after, WORKLOAD_B)).toEqual([]);
    expect(targetsOf(after, SECURITY).map((target) => target.id)).toContain(SHARED_TARGET);
  });
});
