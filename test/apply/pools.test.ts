/** A pool of interface targets end to end against the sandbox, which enforces AWS's sources-per-target limit. */
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/aws/apply/index.js';
import { createAwsClients } from '../../src/aws/clients.js';
import { discover } from '../../src/aws/discover/index.js';
import { planChanges } from '../../src/core/planner/index.js';
import type { Policy } from '../../src/core/types/policy.js';
import type { SandboxFile } from '../../src/sandbox/index.js';
import { seededRandom } from '../../src/sandbox/sim/random.js';
import { virtualSandbox } from './helpers/sandbox.js';
import { host, REGION, SUBNET_A, SUBNET_B, twoZoneAccount, VPC } from './helpers/two-zones.js';



function account(sources: number): SandboxFile {
  return twoZoneAccount([
    host(1001, SUBNET_A, { role: 'zeek' }),
    host(1002, SUBNET_B, { role: 'zeek' }),
    ...Array.from({ length: sources }, (_, n) => host(n + 1, n % 2 === 0 ? SUBNET_A : SUBNET_B)),
  ]);
}

const policy: Policy = {
  version: 1,
  name: 'pool-test',
  regions: [REGION],
  targets: { zeek: { name: 'zeek', spec: { kind: 'interface-pool', sensorTags: { role: 'zeek' } } } },
  filters: { all: { name: 'all', networkServices: [], ingress: [{ number: 100, action: 'accept', source: '0.0.0.0/0', destination: '0.0.0.0/0' }], egress: [] } },
  vpcs: [{ key: 'main', selector: { kind: 'id', vpcId: VPC }, target: 'zeek', filter: 'all', interfaces: 'all' }],
  exclude: { instanceIds: [], networkInterfaceIds: [], tags: {} },
  instanceSupport: { allow: [], deny: [] },
  sessionHourlyRates: {},
};

describe('an interface pool against the sandbox', () => {
  it('fills two sensors of 10 sources each without a failed call, skips the rest as target-full, and converges', async () => {
    const { clock, sandbox, clients } = virtualSandbox(account(25), { consistencyDelayMs: 1000 });
    const aws = createAwsClients({ sandbox, maxAttempts: 8 });
    const planNow = async () => {
      await clock.sleep(5000);
      return planChanges(policy, await discover(aws, { regions: [REGION], policyName: policy.name }));
    };

    const first = await planNow();
    expect(first.skipped.filter((item) => item.reason === 'target-full')).toHaveLength(5);
    const result = await applyPlan(first, clients, { ...clock, random: seededRandom(2) });

    expect(result.counts).toMatchObject({ failed: 0, skipped: 0 });
    const sessions = sandbox.toFile().regions[REGION]?.trafficMirrorSessions ?? [];
    const perTarget = new Map<string, number>();
    for (const session of sessions) perTarget.set(session.targetId, (perTarget.get(session.targetId) ?? 0) + 1);
    expect([...perTarget.values()]).toEqual([10, 10]);
    const again = await planNow();
    expect(again.actions).toEqual([]);
    expect(again.skipped.filter((item) => item.reason === 'target-full')).toHaveLength(5);
  });
});
