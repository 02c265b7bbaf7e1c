import { describe, expect, it } from 'vitest';
import { planChanges } from '../../src/core/planner/index.js';
import { account, entry, makePolicy, nlbTarget, observedRegion, server, vpc } from './builders.js';

describe('scale', () => {
  it('plans an account of 10,000 instances, 12,000 interfaces and 50 VPCs', () => {
    const vpcs = Array.from({ length: 50 }, (_unused, n) => vpc(`vpc-${n}`, { env: n % 2 === 0 ? 'prod' : 'dev' }));
    const servers = Array.from({ length: 10_000 }, (_unused, n) =>
      server(`i-${n}`, { vpcId: `vpc-${n % 50}`, interfaces: n % 5 === 0 ? 2 : 1, type: n % 100 === 0 ? 't2.micro' : 'm5.large' }),
    );
    const policy = makePolicy({
      targets: { sensor: nlbTarget('sensor') },
      vpcs: [entry({ key: 'prod', vpcTags: { env: 'prod' } }), entry({ key: 'dev', vpcTags: { env: 'dev' } })],
    });
    const result = planChanges(policy, account(observedRegion({ vpcs, servers })));
    const sessions = result.actions.filter((item) => item.type === 'session' && item.action === 'create');
    expect(sessions).toHaveLength(12_000 - 200);
    expect(result.skipped.filter((item) => item.reason === 'unsupported-instance-type')).toHaveLength(200);
    expect(new Set(result.actions.map((item) => item.id)).size).toBe(result.actions.length);
  });
});
