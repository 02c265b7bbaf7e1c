import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planChanges } from '../../src/core/planner/index.js';
import type { ObservedAccount } from '../../src/core/types/observed.js';
import { accountArb, policyArb } from './arbitraries.js';
import { eniTarget, entry, makePolicy, nlbTarget, observedRegion, server } from './builders.js';
import { plan } from './plan-helpers.js';

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let position = copy.length - 1; position > 0; position -= 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const other = state % (position + 1);
    [copy[position], copy[other]] = [copy[other] as T, copy[position] as T];
  }
  return copy;
}

function shuffleAccount(observed: ObservedAccount, seed: number): ObservedAccount {
  return {
    ...observed,
    regions: shuffled(observed.regions, seed).map((region) => ({
      ...region,
      vpcs: shuffled(region.vpcs, seed + 1),
      instances: shuffled(region.instances, seed + 2),
      networkInterfaces: shuffled(region.networkInterfaces, seed + 3),
      targets: shuffled(region.targets, seed + 4),
      filters: shuffled(region.filters, seed + 5).map((filter) => ({ ...filter, rules: shuffled(filter.rules, seed + 6) })),
      sessions: shuffled(region.sessions, seed + 7),
    })),
  };
}

describe('determinism', () => {
  it('the same inputs give the same plan, byte for byte; shuffled discovery output changes nothing', () => {
    fc.assert(
      fc.property(accountArb, policyArb, fc.integer({ min: 1, max: 1_000_000 }), (observed, policy, seed) => {
        const expected = JSON.stringify(planChanges(policy, observed));
        expect(JSON.stringify(planChanges(policy, observed))).toBe(expected);
        expect(JSON.stringify(planChanges(policy, shuffleAccount(observed, seed)))).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('sorts actions by region, type (target, filter, rule, session) and key, with ids region/key', () => {
    const policy = makePolicy({
      regions: ['us-east-1', 'eu-west-1'],
      targets: { sensor: eniTarget('sensor', 'eni-sensor'), 'sensor-eu': nlbTarget('sensor-eu', 'eu-west-1') },
      vpcs: [
        entry({ key: 'vpc-a', regions: ['us-east-1'] }),
        entry({ key: 'vpc-a-eu', vpcId: 'vpc-a', target: 'sensor-eu', regions: ['eu-west-1'] }),
      ],
    });
    const result = plan(policy, [
      observedRegion({ servers: [server('i-2'), server('i-1')] }),
      observedRegion({ servers: [server('i-3')], withoutSensor: true }, 'eu-west-1'),
    ]);
    expect(result.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(result.actions.map((item) => item.id)).toEqual([
      'eu-west-1/target/sensor-eu',
      'eu-west-1/filter/all',
      'eu-west-1/filter/all/egress/100',
      'eu-west-1/filter/all/ingress/100',
      'eu-west-1/session/vpc-a-eu/eni-3-0',
      'us-east-1/target/sensor',
      'us-east-1/filter/all',
      'us-east-1/filter/all/egress/100',
      'us-east-1/filter/all/ingress/100',
      'us-east-1/session/vpc-a/eni-1-0',
      'us-east-1/session/vpc-a/eni-2-0',
    ]);
    for (const item of result.actions) expect(item.id).toBe(`${item.region}/${item.key}`);
  });

  it('plans only discovered regions, and says so', () => {
    const result = plan(makePolicy({ regions: ['us-east-1', 'eu-west-1'] }), observedRegion({ servers: [server('i-1')] }));
    expect(result.regions).toEqual(['us-east-1']);
    expect(result.warnings).toContainEqual({ code: 'region-not-discovered', region: 'eu-west-1', message: 'eu-west-1 was not discovered; nothing is planned there' });
  });
});
