import {
  CreateTrafficMirrorSessionCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeTrafficMirrorSessionsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { ENI, FILTER, hexId, INSTANCE, REGION, smallAccount, TARGET, webInterface } from './fixture.js';

let sandbox: Sandbox;
let ec2: EC2Client;

beforeEach(async () => {
  sandbox = createSandbox(smallAccount());
  ec2 = sandbox.ec2(REGION);
  for (const eni of [ENI.multiPrimary, ENI.multiSecondary, webInterface(1)]) {
    await ec2.send(
      new CreateTrafficMirrorSessionCommand({
        NetworkInterfaceId: eni,
        TrafficMirrorTargetId: TARGET.nlb,
        TrafficMirrorFilterId: FILTER,
        SessionNumber: 1,
      }),
    );
  }
});

const mirroredInterfaces = async () =>
  ((await ec2.send(new DescribeTrafficMirrorSessionsCommand({}))).TrafficMirrorSessions ?? [])
    .map((session) => session.NetworkInterfaceId)
    .sort();

describe('lifecycle of sources', () => {
  it('terminating an instance deletes its DeleteOnTermination interfaces and their sessions only', async () => {
    sandbox.terminateInstance(REGION, INSTANCE.multi);
    expect(await mirroredInterfaces()).toEqual([ENI.multiSecondary, webInterface(1)].sort());
    const survivor = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [ENI.multiSecondary] }));
    expect(survivor.NetworkInterfaces?.[0]?.Status).toBe('available');
    expect(survivor.NetworkInterfaces?.[0]?.Attachment).toBeUndefined();
    await expect(
      ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [ENI.multiPrimary] })),
    ).rejects.toMatchObject({ name: 'InvalidNetworkInterfaceID.NotFound' });
    const instance = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [INSTANCE.multi] }));
    expect(instance.Reservations?.[0]?.Instances?.[0]?.State).toEqual({ Code: 48, Name: 'terminated' });
  });

  it('deleting an interface removes its sessions', async () => {
    sandbox.deleteNetworkInterface(REGION, webInterface(1));
    expect(await mirroredInterfaces()).toEqual([ENI.multiPrimary, ENI.multiSecondary].sort());
  });

  it('stopping an instance keeps its sessions', async () => {
    sandbox.stopInstance(REGION, INSTANCE.multi);
    expect(await mirroredInterfaces()).toEqual([ENI.multiPrimary, ENI.multiSecondary, webInterface(1)].sort());
    const instance = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [INSTANCE.multi] }));
    expect(instance.Reservations?.[0]?.Instances?.[0]?.State?.Name).toBe('stopped');
  });

  it('refuses helpers on unknown resources', () => {
    expect(() => sandbox.terminateInstance(REGION, hexId('i', 0xdead))).toThrow(/No instance/);
    expect(() => sandbox.deleteNetworkInterface(REGION, hexId('eni', 0xdead))).toThrow(/No network interface/);
  });
});
