/** RAM sharing: resources of other accounts that this account sees but may not change. */
import {
  DeleteTrafficMirrorSessionCommand,
  DeleteTrafficMirrorTargetCommand,
  DescribeTrafficMirrorSessionsCommand,
  DescribeTrafficMirrorTargetsCommand,
  ModifyTrafficMirrorSessionCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { createSandbox, type SandboxFile } from '../../src/sandbox/index.js';
import { ACCOUNT, hexId, REGION, smallAccount, TARGET } from './fixture.js';

const CONSUMER = '444455556666';
const OWNER = '777788889999';
const THEIR_SESSION = hexId('tms', 0x900);
const SHARED_TARGET = hexId('tmt', 0x900);

function sharing(): SandboxFile {
  const file = smallAccount(1);
  const region = file.regions[REGION] ?? {};
  return {
    ...file,
    regions: {
      [REGION]: {
        ...region,
        trafficMirrorTargets: [
          ...(region.trafficMirrorTargets ?? []),
          {
            id: SHARED_TARGET,
            networkLoadBalancerArn: `arn:aws:elasticloadbalancing:${REGION}:${OWNER}:loadbalancer/net/sensors/0123456789abcdef`,
            ownerId: OWNER,
          },
        ],
        // The consumer's interface and filter live in the consumer's account: this file cannot name them.
        trafficMirrorSessions: [
          {
            id: THEIR_SESSION,
            networkInterfaceId: hexId('eni', 0x900),
            targetId: TARGET.nlb,
            filterId: hexId('tmf', 0x900),
            sessionNumber: 1,
            ownerId: CONSUMER,
          },
        ],
      },
    },
  };
}

describe('resources of other accounts', () => {
  it('describes them with their owner, and refuses to change or delete them', async () => {
    const ec2 = createSandbox(sharing()).ec2(REGION);
    const sessions = await ec2.send(new DescribeTrafficMirrorSessionsCommand({}));
    expect(sessions.TrafficMirrorSessions?.map((item) => [item.TrafficMirrorSessionId, item.OwnerId])).toEqual([[THEIR_SESSION, CONSUMER]]);
    const targets = await ec2.send(new DescribeTrafficMirrorTargetsCommand({ TrafficMirrorTargetIds: [SHARED_TARGET, TARGET.nlb] }));
    expect(targets.TrafficMirrorTargets?.map((item) => item.OwnerId).sort()).toEqual([ACCOUNT, OWNER]);

    const refused = { name: 'OperationNotPermitted' };
    await expect(ec2.send(new DeleteTrafficMirrorSessionCommand({ TrafficMirrorSessionId: THEIR_SESSION }))).rejects.toMatchObject(refused);
    await expect(
      ec2.send(new ModifyTrafficMirrorSessionCommand({ TrafficMirrorSessionId: THEIR_SESSION, SessionNumber: 2 })),
    ).rejects.toMatchObject(refused);
    await expect(ec2.send(new DeleteTrafficMirrorTargetCommand({ TrafficMirrorTargetId: SHARED_TARGET }))).rejects.toMatchObject(refused);
  });
});
