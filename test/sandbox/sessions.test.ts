import {
  CreateTrafficMirrorSessionCommand,
  DeleteTrafficMirrorSessionCommand,
  DescribeTrafficMirrorSessionsCommand,
  EC2ServiceException,
  ModifyTrafficMirrorSessionCommand,
  type CreateTrafficMirrorSessionRequest,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/index.js';
import { ENI, FILTER, hexId, REGION, smallAccount, TARGET, webInterface } from './fixture.js';

let ec2: EC2Client;

beforeEach(() => {
  ec2 = createSandbox(smallAccount(12)).ec2(REGION);
});

const session = (overrides: Partial<CreateTrafficMirrorSessionRequest> = {}) =>
  ec2.send(
    new CreateTrafficMirrorSessionCommand({
      NetworkInterfaceId: webInterface(1),
      TrafficMirrorTargetId: TARGET.nlb,
      TrafficMirrorFilterId: FILTER,
      SessionNumber: 1,
      ...overrides,
    }),
  );

describe('CreateTrafficMirrorSession', () => {
  it('creates a session that Describe returns, with AWS-shaped ids and the NLB default packet length', async () => {
    const created = await session({ Description: 'd', TagSpecifications: [{ ResourceType: 'traffic-mirror-session', Tags: [{ Key: 'k', Value: 'v' }] }] });
    const id = created.TrafficMirrorSession?.TrafficMirrorSessionId ?? '';
    expect(id).toMatch(/^tms-[0-9a-f]{17}$/);
    const described = await ec2.send(new DescribeTrafficMirrorSessionsCommand({ TrafficMirrorSessionIds: [id] }));
    expect(described.TrafficMirrorSessions).toEqual([
      expect.objectContaining({
        TrafficMirrorSessionId: id,
        NetworkInterfaceId: webInterface(1),
        SessionNumber: 1,
        PacketLength: 8500,
        Description: 'd',
        Tags: [{ Key: 'k', Value: 'v' }],
      }),
    ]);
  });

  it('leaves the packet length unset for an interface target and assigns a 24-bit VNI', async () => {
    const created = await session({ TrafficMirrorTargetId: TARGET.sensorEni });
    expect(created.TrafficMirrorSession?.PacketLength).toBeUndefined();
    expect(created.TrafficMirrorSession?.VirtualNetworkId).toBeGreaterThanOrEqual(0);
    expect(created.TrafficMirrorSession?.VirtualNetworkId).toBeLessThan(2 ** 24);
  });

  it('allows at most 3 sessions per source interface', async () => {
    await session({ SessionNumber: 1 });
    await session({ SessionNumber: 2 });
    await session({ SessionNumber: 3, TrafficMirrorTargetId: TARGET.sensorEni });
    const error = await session({ SessionNumber: 4 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EC2ServiceException);
    expect(error).toMatchObject({
      name: 'TrafficMirrorSessionsPerInterfaceLimitExceeded',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it.each([0, 32767, 1.5])('rejects session number %s', async (sessionNumber) => {
    await expect(session({ SessionNumber: sessionNumber })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('rejects a session number already used on the same interface, but not on another one', async () => {
    await session({ SessionNumber: 7 });
    await expect(session({ SessionNumber: 7 })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(session({ SessionNumber: 7, NetworkInterfaceId: webInterface(2) })).resolves.toBeDefined();
  });

  it.each([
    ['t2.micro', ENI.t2],
    ['m8g.large', ENI.graviton8],
    ['c7i.metal-24xl', ENI.unsupportedMetal],
  ])('rejects a source on an unsupported %s', async (_type, eni) => {
    await expect(session({ NetworkInterfaceId: eni })).rejects.toMatchObject({
      name: 'NetworkInterfaceNotSupported',
      message: `${eni} must be attached to a supported instance`,
    });
  });

  it('accepts bare metal of a family on the bare-metal list (m5.metal)', async () => {
    await expect(session({ NetworkInterfaceId: ENI.supportedMetal })).resolves.toBeDefined();
  });

  it('rejects an EFA interface as a source', async () => {
    await expect(session({ NetworkInterfaceId: ENI.multiEfa })).rejects.toMatchObject({ name: 'NetworkInterfaceNotSupported' });
  });

  it('rejects an interface that is a mirror target as a source', async () => {
    await expect(session({ NetworkInterfaceId: ENI.sensor })).rejects.toMatchObject({ name: 'InterfaceInUseByTrafficMirrorTarget' });
  });

  it('accepts a detached interface as a source (no instance type to check)', async () => {
    await expect(session({ NetworkInterfaceId: ENI.detached })).resolves.toBeDefined();
  });

  it('limits an interface target on a small instance to 10 sources, counting interfaces not sessions', async () => {
    for (let n = 1; n <= 10; n++) await session({ NetworkInterfaceId: webInterface(n), TrafficMirrorTargetId: TARGET.sensorEni });
    await expect(
      session({ NetworkInterfaceId: webInterface(1), TrafficMirrorTargetId: TARGET.sensorEni, SessionNumber: 2 }),
    ).resolves.toBeDefined();
    await expect(
      session({ NetworkInterfaceId: webInterface(11), TrafficMirrorTargetId: TARGET.sensorEni }),
    ).rejects.toMatchObject({ name: 'TrafficMirrorSourcesPerTargetLimitExceeded', message: 'Sources per interface-target limit reached (11)' });
  });

  it('allows 100 sources on an interface target of a large type (m5.24xlarge)', async () => {
    for (let n = 1; n <= 11; n++) await session({ NetworkInterfaceId: webInterface(n), TrafficMirrorTargetId: TARGET.bigSensorEni });
    const described = await ec2.send(
      new DescribeTrafficMirrorSessionsCommand({ Filters: [{ Name: 'traffic-mirror-target-id', Values: [TARGET.bigSensorEni] }] }),
    );
    expect(described.TrafficMirrorSessions).toHaveLength(11);
  });

  it.each([
    [{ PacketLength: 0 }],
    [{ PacketLength: 8501 }],
    [{ VirtualNetworkId: -1 }],
    [{ VirtualNetworkId: 16_777_216 }],
  ])('rejects out-of-range %o', async (overrides) => {
    await expect(session(overrides)).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('accepts the range limits of packet length and VNI', async () => {
    await expect(session({ PacketLength: 8500, VirtualNetworkId: 16_777_215 })).resolves.toBeDefined();
    await expect(session({ SessionNumber: 32766, PacketLength: 1, VirtualNetworkId: 0 })).resolves.toBeDefined();
  });

  it.each([
    [{ NetworkInterfaceId: hexId('eni', 0xdead) }, 'InvalidNetworkInterfaceID.NotFound'],
    [{ TrafficMirrorTargetId: hexId('tmt', 0xdead) }, 'InvalidTrafficMirrorTargetId.NotFound'],
    [{ TrafficMirrorFilterId: hexId('tmf', 0xdead) }, 'InvalidTrafficMirrorFilterId.NotFound'],
  ])('answers unknown ids in %o with %s', async (overrides, code) => {
    await expect(session(overrides)).rejects.toMatchObject({ name: code });
  });

  it('rejects TagSpecifications for another resource type', async () => {
    await expect(
      session({ TagSpecifications: [{ ResourceType: 'traffic-mirror-target', Tags: [{ Key: 'k', Value: 'v' }] }] }),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('reports a missing required parameter', async () => {
    await expect(
      ec2.send(new CreateTrafficMirrorSessionCommand({ NetworkInterfaceId: webInterface(1), TrafficMirrorTargetId: TARGET.nlb } as never)),
    ).rejects.toMatchObject({ name: 'MissingParameter' });
  });
});

describe('ModifyTrafficMirrorSession and DeleteTrafficMirrorSession', () => {
  it('changes target, filter, number and description in place and removes fields', async () => {
    const created = await session({ Description: 'old', PacketLength: 100, VirtualNetworkId: 42 });
    const id = created.TrafficMirrorSession?.TrafficMirrorSessionId ?? '';
    const modified = await ec2.send(
      new ModifyTrafficMirrorSessionCommand({
        TrafficMirrorSessionId: id,
        TrafficMirrorTargetId: TARGET.sensorEni,
        SessionNumber: 5,
        RemoveFields: ['description', 'packet-length'],
      }),
    );
    expect(modified.TrafficMirrorSession).toMatchObject({ TrafficMirrorTargetId: TARGET.sensorEni, SessionNumber: 5, VirtualNetworkId: 42 });
    expect(modified.TrafficMirrorSession?.Description).toBeUndefined();
    expect(modified.TrafficMirrorSession?.PacketLength).toBeUndefined();
  });

  it('validates the new target and the new session number', async () => {
    const first = await session({ SessionNumber: 1 });
    await session({ SessionNumber: 2 });
    const id = first.TrafficMirrorSession?.TrafficMirrorSessionId ?? '';
    await expect(
      ec2.send(new ModifyTrafficMirrorSessionCommand({ TrafficMirrorSessionId: id, TrafficMirrorTargetId: hexId('tmt', 0xbad) })),
    ).rejects.toMatchObject({ name: 'InvalidTrafficMirrorTargetId.NotFound' });
    await expect(
      ec2.send(new ModifyTrafficMirrorSessionCommand({ TrafficMirrorSessionId: id, SessionNumber: 2 })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(
      ec2.send(new ModifyTrafficMirrorSessionCommand({ TrafficMirrorSessionId: id, RemoveFields: ['network-interface-id' as never] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('enforces the sources-per-target limit when moving a session to an interface target', async () => {
    for (let n = 1; n <= 10; n++) await session({ NetworkInterfaceId: webInterface(n), TrafficMirrorTargetId: TARGET.sensorEni });
    const other = await session({ NetworkInterfaceId: webInterface(11) });
    await expect(
      ec2.send(
        new ModifyTrafficMirrorSessionCommand({
          TrafficMirrorSessionId: other.TrafficMirrorSession?.TrafficMirrorSessionId ?? '',
          TrafficMirrorTargetId: TARGET.sensorEni,
        }),
      ),
    ).rejects.toMatchObject({ name: 'TrafficMirrorSourcesPerTargetLimitExceeded' });
  });

  it('deletes a session, after which it is NotFound', async () => {
    const id = (await session()).TrafficMirrorSession?.TrafficMirrorSessionId ?? '';
    await expect(ec2.send(new DeleteTrafficMirrorSessionCommand({ TrafficMirrorSessionId: id }))).resolves.toMatchObject({
      TrafficMirrorSessionId: id,
    });
    await expect(ec2.send(new DeleteTrafficMirrorSessionCommand({ TrafficMirrorSessionId: id }))).rejects.toMatchObject({
      name: 'InvalidTrafficMirrorSessionId.NotFound',
    });
    await expect(ec2.send(new DescribeTrafficMirrorSessionsCommand({ TrafficMirrorSessionIds: [id] }))).rejects.toMatchObject({
      name: 'InvalidTrafficMirrorSessionId.NotFound',
    });
  });
});

describe('delete propagation (deletePropagationMs)', () => {
  it('keeps a deleted session holding its number on the interface for the configured time', async () => {
    let now = 1_000;
    const slow = createSandbox(smallAccount(12), { deletePropagationMs: 5_000, now: () => now }).ec2(REGION);
    const create = () =>
      slow.send(
        new CreateTrafficMirrorSessionCommand({
          NetworkInterfaceId: webInterface(1),
          TrafficMirrorTargetId: TARGET.nlb,
          TrafficMirrorFilterId: FILTER,
          SessionNumber: 1,
        }),
      );
    const id = (await create()).TrafficMirrorSession?.TrafficMirrorSessionId ?? '';
    await slow.send(new DeleteTrafficMirrorSessionCommand({ TrafficMirrorSessionId: id }));

    const listed = await slow.send(new DescribeTrafficMirrorSessionsCommand({}));
    expect(listed.TrafficMirrorSessions).toEqual([]);
    await expect(create()).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: `Session number 1 is already in use on network interface ${webInterface(1)}`,
    });
    now += 5_000;
    await expect(create()).resolves.toMatchObject({ TrafficMirrorSession: { SessionNumber: 1 } });
  });
});
