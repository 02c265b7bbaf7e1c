/** What an apply left behind and what it told the user, checked independently of the executor's own counts. */
import { isThrottlingCode } from '../../dist/aws/apply/classify.js';
import { KEY_TAG } from '../../dist/core/ownership.js';


/**
 * Sessions in the account that carry a mirrorctl key, and duplicates: every session beyond the first on one
 * interface with the same key (a retried create that AWS carried out twice).
 */
export function ownedSessions(file) {
  const perInterfaceAndKey = new Map();
  for (const [region, data] of Object.entries(file.regions)) {
    for (const session of data.trafficMirrorSessions ?? []) {
      const key = session.tags?.[KEY_TAG];
      if (key === undefined) continue;
      const id = `${region}\u0000${session.networkInterfaceId}\u0000${key}`;
      perInterfaceAndKey.set(id, (perInterfaceAndKey.get(id) ?? 0) + 1);
    }
  }
  let owned = 0;
  let duplicates = 0;
  for (const count of perInterfaceAndKey.values()) {
    owned += count;
    duplicates += count - 1;
  }
  return { owned, duplicates };
}

/** Failed actions, and among them those that failed on throttling: the user should never see those. */
export function failures(result) {
  const failed = result.outcomes.filter((outcome) => outcome.status === 'failed');
  const codes = {};
  for (const outcome of failed) {
    const code = outcome.error?.code ?? 'unknown';
    codes[code] = (codes[code] ?? 0) + 1;
  }
  return {
    failed: failed.length,
    throttlingFailures: failed.filter((outcome) => isThrottlingCode(outcome.error?.code ?? '')).length,
    failureCodes: codes,
  };
}
