/**
 * Instance-type facts shared by the accounts of one run: a type another account has read is not read again,
 * and a read another account started but could not finish (its discovery failed) is made again, not shared
 * as a failure.
 */
import { describe, expect, it } from 'vitest';
import { createAwsClients } from '../../src/aws/clients.js';
import { discover } from '../../src/aws/discover/index.js';
import { SharedInstanceTypes } from '../../src/aws/discover/instance-types.js';
import type { ObservedInstanceType } from '../../src/core/types/observed.js';
import { createSandbox, type SandboxFile } from '../../src/sandbox/index.js';

const REGION = 'eu-west-1';
const FACTS: ObservedInstanceType = { type: 'm5.large', bareMetal: false, hypervisor: 'nitro' };

function account(): SandboxFile {
  return {
    version: 1,
    accountId: '111122223333',
    regions: {
      [REGION]: {
        vpcs: [{ id: 'vpc-0000000000000000a' }],
        subnets: [{ id: 'subnet-0000000000000000a', vpcId: 'vpc-0000000000000000a', az: `${REGION}a` }],
        instances: [
          { id: 'i-0000000000000000a', type: 'm5.large', state: 'running', subnetId: 'subnet-0000000000000000a', interfaces: [{ id: 'eni-0000000000000000a', deviceIndex: 0 }] },
        ],
      },
    },
  };
}

describe('instance-type facts shared by the accounts of a run', () => {
  it('are not read again in a region where another account read them', async () => {
    const shared = new SharedInstanceTypes();
    shared.remember(REGION, ['m5.large'], Promise.resolve(new Map([['m5.large', FACTS]])));
    const sandbox = createSandbox(account());

    const observed = await discover(createAwsClients({ sandbox }), { regions: [REGION], instanceTypes: shared });

    expect(observed.regions[0]?.instanceTypes).toEqual([FACTS]);
    expect(sandbox.calls.byAction).not.toHaveProperty('DescribeInstanceTypes');
  });

  it('are read by this account when the read it waited for fails', async () => {
    const shared = new SharedInstanceTypes();
    let fail: (error: Error) => void = () => undefined;
    // Another account's read, still in flight when this account's instances name the type.
    shared.remember(REGION, ['m5.large'], new Promise((_resolve, reject) => (fail = reject)));
    const sandbox = createSandbox(account());
    const clients = createAwsClients({ sandbox });
    clients.ec2(REGION).middlewareStack.add(
      (next, context) => async (args) => {
        const output = await next(args);
        // That account's discovery fails (and aborts its reads) once this one is waiting on it.
        if (context.commandName === 'DescribeInstancesCommand') setTimeout(() => fail(new Error('aborted: the other account failed')), 10);
        return output;
      },
      { step: 'initialize', name: 'failTheOtherRead' },
    );

    const observed = await discover(clients, { regions: [REGION], instanceTypes: shared });

    expect(observed.regions[0]?.instanceTypes).toEqual([FACTS]);
    expect(sandbox.calls.byAction['DescribeInstanceTypes']).toBe(1);
    // The facts this account read now serve the next.
    expect(await shared.get(REGION, 'm5.large')).toEqual(new Map([['m5.large', FACTS]]));
  });
});
