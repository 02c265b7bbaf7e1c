/** What `mirrorctl list` shows as the policy's: the scope module's answer, never the tags alone. */
import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../src/core/inventory.js';
import { convergedSensor, observedRegion, observedSession, owned, ownedSession, POLICY, REGION } from './builders.js';

const ACCOUNT = '111122223333';

function inventoryOf(regions: Parameters<typeof buildInventory>[0]['observed'], listed: readonly string[] = [REGION]) {
  return buildInventory({ policyName: POLICY, accountId: ACCOUNT, listedRegions: listed, observed: regions, sessionHourlyRates: { [REGION]: 0.02 } });
}

describe('buildInventory', () => {
  it("lists the policy's own resources, targets and filters first, and costs its sessions only", () => {
    const { targets, filters } = convergedSensor();
    const inventory = inventoryOf([
      observedRegion({
        targets,
        filters,
        sessions: [
          ownedSession('tms-2', 'vpc-a', 'eni-b'),
          ownedSession('tms-1', 'vpc-a', 'eni-a'),
          observedSession('tms-foreign', 'eni-a', { sessionNumber: 2 }),
          observedSession('tms-staging', 'eni-b', { sessionNumber: 2, tags: owned('session/x/eni-b', 'staging') }),
          // Tagged as ours by a same-named policy in another account (a RAM-shared target's view): not ours.
          ownedSession('tms-theirs', 'vpc-a', 'eni-z', { ownerId: '999988887777' }),
        ],
      }),
    ]);
    const [region] = inventory.regions;
    expect(region?.owned.resources.map((resource) => [resource.type, resource.id])).toEqual([
      ['target', 'tmt-sensor'],
      ['filter', 'tmf-all'],
      ['session', 'tms-1'],
      ['session', 'tms-2'],
    ]);
    expect(region?.owned.resources[2]).toEqual({
      type: 'session',
      id: 'tms-1',
      key: 'session/vpc-a/eni-a',
      detail: 'eni-a #1 → tmt-sensor via tmf-all',
    });
    expect(region?.otherPolicies.map((other) => [other.policyName, other.sessions])).toEqual([['staging', 1]]);
    // 2 sessions × $0.02 × 730 h.
    expect(inventory.cost.monthlyAfter).toBe(29.2);
    expect(inventory.otherPoliciesCost.monthlyAfter).toBe(14.6);
  });

  it('marks a region the policy no longer lists, where what it owns still bills', () => {
    const stray = observedRegion({ sessions: [ownedSession('tms-eu', 'vpc-a', 'eni-eu')], withoutSensor: true }, 'eu-west-1');
    const inventory = inventoryOf([observedRegion(), stray]);
    expect(inventory.regions.map((region) => [region.region, region.listed, region.owned.sessions])).toEqual([
      ['eu-west-1', false, 1],
      [REGION, true, 0],
    ]);
  });
});
