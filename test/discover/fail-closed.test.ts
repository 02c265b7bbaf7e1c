import type { EC2Client } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { createAwsClients, type AwsClients } from '../../src/aws/clients.js';
import { discover } from '../../src/aws/discover/index.js';
import { isUserError } from '../../src/core/errors.js';
import { createSandbox, generateAccount, type SandboxFile } from '../../src/sandbox/index.js';
import { discoveryOf } from './helpers/sandbox.js';

const REGION = 'eu-west-1';

/** Six sessions on two interfaces and at most five of everything else: only sessions need a second page. */
function sixSessions(): SandboxFile {
  const sessions = ['00a0', '00a1', '00a2', '00b0', '00b1', '00b2'].map((suffix, index) => ({
    id: `tms-0000${suffix}`,
    networkInterfaceId: index < 3 ? 'eni-0000000a' : 'eni-0000000b',
    targetId: 'tmt-0000000a',
    filterId: 'tmf-0000000a',
    sessionNumber: (index % 3) + 1,
  }));
  return {
    version: 1,
    accountId: '111122223333',
    regions: {
      [REGION]: {
        vpcs: [{ id: 'vpc-0000000a' }],
        subnets: [{ id: 'subnet-0000000a', vpcId: 'vpc-0000000a', az: 'eu-west-1a' }],
        instances: [
          {
            id: 'i-0000000a',
            type: 'm5.large',
            state: 'running',
            subnetId: 'subnet-0000000a',
            interfaces: [
              { id: 'eni-0000000a', deviceIndex: 0 },
              { id: 'eni-0000000b', deviceIndex: 1 },
            ],
          },
          {
            id: 'i-0000000b',
            type: 'c5.xlarge',
            state: 'running',
            subnetId: 'subnet-0000000a',
            interfaces: [{ id: 'eni-0000000c', deviceIndex: 0 }],
          },
        ],
        trafficMirrorTargets: [{ id: 'tmt-0000000a', networkInterfaceId: 'eni-0000000c' }],
        trafficMirrorFilters: [{ id: 'tmf-0000000a' }],
        trafficMirrorSessions: sessions,
      },
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error('discovery returned data instead of failing');
  if (!isUserError(outcome.error)) throw new Error(`expected a UserError, got ${String(outcome.error)}`);
  return outcome.error;
}

describe('discovery fails closed', () => {
  it('rejects, naming the action, when a later page stays throttled after the SDK retries', async () => {
    // A frozen clock never refills the buckets, and a factor of 0.01 leaves one token per action.
    const { sandbox, run } = discoveryOf(
      sixSessions(),
      { pageSize: 5, throttle: { factor: 0.01 }, now: () => 0 },
      { maxAttempts: 2 },
    );

    const error = await rejection(run({ regions: [REGION] }));

    expect(error.message).toBe('Throttled by EC2 after 2 attempts (DescribeTrafficMirrorSessions in eu-west-1).');
    expect(sandbox.calls.byAction['DescribeTrafficMirrorSessions']).toBe(3);
    expect(sandbox.calls.throttled).toBe(2);
  });

  it('rejects when EC2 keeps failing', async () => {
    const { run } = discoveryOf(sixSessions(), { faults: { rate: 1, seed: 5 } }, { maxAttempts: 1 });

    const error = await rejection(run({ regions: [REGION] }));

    expect(error.message).toMatch(/^EC2 Describe\w+ failed in eu-west-1: InternalError: /);
  });

  it('rejects the whole discovery when one region fails, and reports that region', async () => {
    const file = generateAccount({ seed: 3, regions: ['us-east-1', 'us-west-2'], vpcsPerRegion: 1, instances: 20 });
    const healthy = createAwsClients({ sandbox: createSandbox(file) });
    const failing = createAwsClients({
      sandbox: createSandbox(file, { faults: { rate: 1, seed: 9 } }),
      maxAttempts: 1,
    });
    const clients: AwsClients = {
      ec2: (region): EC2Client => (region === 'us-west-2' ? failing : healthy).ec2(region),
      elbv2: (region) => healthy.elbv2(region),
      sts: (region) => healthy.sts(region),
      iam: (region) => healthy.iam(region),
      destroy: () => {
        healthy.destroy();
        failing.destroy();
      },
    };

    const error = await rejection(discover(clients, { regions: ['us-east-1', 'us-west-2'] }));

    expect(error.message).toMatch(/failed in us-west-2: InternalError/);
  });
});
