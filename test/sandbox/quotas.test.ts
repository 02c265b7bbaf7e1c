import {
  CreateTrafficMirrorFilterCommand,
  CreateTrafficMirrorSessionCommand,
  CreateTrafficMirrorTargetCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { createSandbox, type SandboxFile } from '../../src/sandbox/index.js';
import { ENI, FILTER, hexId, REGION, smallAccount, TARGET, webInterface } from './fixture.js';

const QUOTA = 10_000;

/** The fixture with the region filled up by `fill`. */
function filled(fill: (region: NonNullable<SandboxFile['regions'][string]>) => void, webInstances = 3): SandboxFile {
  const file = smallAccount(webInstances);
  const region = file.regions[REGION];
  if (!region) throw new Error('fixture');
  fill(region);
  return file;
}

describe('account quotas (per region)', () => {
  it('refuses the 10,001st session', async () => {
    const interfaces = Math.ceil(QUOTA / 3);
    const file = filled((region) => {
      region.trafficMirrorSessions = Array.from({ length: QUOTA }, (_, n) => ({
        id: hexId('tms', n + 1),
        networkInterfaceId: webInterface(Math.floor(n / 3) + 1),
        targetId: TARGET.nlb,
        filterId: FILTER,
        sessionNumber: (n % 3) + 1,
      }));
    }, interfaces + 1);
    const ec2 = createSandbox(file).ec2(REGION);
    await expect(
      ec2.send(
        new CreateTrafficMirrorSessionCommand({
          NetworkInterfaceId: webInterface(interfaces + 1),
          TrafficMirrorTargetId: TARGET.nlb,
          TrafficMirrorFilterId: FILTER,
          SessionNumber: 1,
        }),
      ),
    ).rejects.toMatchObject({ name: 'TrafficMirrorSessionLimitExceeded' });
  });

  it('refuses the 10,001st target', async () => {
    const file = filled((region) => {
      region.trafficMirrorTargets = Array.from({ length: QUOTA }, (_, n) => ({
        id: hexId('tmt', n + 1),
        gatewayLoadBalancerEndpointId: hexId('vpce', n + 1),
      }));
    });
    await expect(
      createSandbox(file).ec2(REGION).send(new CreateTrafficMirrorTargetCommand({ NetworkInterfaceId: ENI.detached })),
    ).rejects.toMatchObject({ name: 'TrafficMirrorTargetLimitExceeded' });
  });

  it('refuses the 10,001st filter', async () => {
    const file = filled((region) => {
      region.trafficMirrorFilters = Array.from({ length: QUOTA }, (_, n) => ({ id: hexId('tmf', n + 1) }));
    });
    await expect(createSandbox(file).ec2(REGION).send(new CreateTrafficMirrorFilterCommand({}))).rejects.toMatchObject({
      name: 'TrafficMirrorFilterLimitExceeded',
    });
  });
});
