/**
 * `mirrorctl apply` over an organization: every workload account creates a session per interface, each
 * account with its own executor and EC2 buckets (scaled), a bounded number of accounts at a time.
 */
import { applyAccounts } from '../../dist/app/accounts/apply-accounts.js';
import { planAccounts } from '../../dist/app/accounts/plan-accounts.js';
import { KEY_TAG } from '../../dist/core/ownership.js';
import { buildOrganization } from '../lib/organization.js';
import { bucketOf, sandboxOptions } from '../lib/realism.js';

export async function run(params) {
  const { sandbox, caller, loaded, shape } = buildOrganization({ ...params, mirrored: false }, sandboxOptions(params));
  const planned = await planAccounts({ configPath: 'bench-organization.yaml', loaded, caller, accountOptions: {}, mode: 'converge' });
  const bucket = bucketOf(params);
  const start = performance.now();
  const outcomes = await applyAccounts({
    accounts: planned.planned,
    planId: `bench-${params.seed}`,
    maxRate: bucket.rate,
    burst: bucket.burst,
    accountConcurrency: params.accountConcurrency,
  });
  const wallMs = performance.now() - start;
  const failed = outcomes.reduce((sum, outcome) => sum + (outcome.status === 'applied' ? outcome.result.counts.failed : outcome.status === 'failed' ? 1 : 0), 0);
  const throttles = outcomes.reduce((sum, outcome) => sum + (outcome.status === 'applied' ? outcome.result.throttles : 0), 0);
  const file = sandbox.toFile();
  let owned = 0;
  const keys = new Set();
  for (const account of file.accounts ?? []) {
    for (const [region, data] of Object.entries(account.regions)) {
      for (const session of data.trafficMirrorSessions ?? []) {
        if (session.tags?.[KEY_TAG] === undefined) continue;
        owned += 1;
        keys.add(`${account.accountId}/${region}/${session.networkInterfaceId}/${session.tags[KEY_TAG]}`);
      }
    }
  }
  const mutatingCalls = sandbox.calls.mutating();
  return {
    shape,
    bucket,
    accountConcurrency: params.accountConcurrency,
    wallMs,
    // One account at the bucket's pace: its creates beyond the burst at the refill rate.
    accountFloorMs: (Math.max(0, mutatingCalls / shape.accounts - bucket.burst) / bucket.rate) * 1000,
    mutatingCalls,
    assumeRole: sandbox.calls.byAction.AssumeRole ?? 0,
    failed,
    throttles,
    ownedSessions: owned,
    duplicates: owned - keys.size,
  };
}
