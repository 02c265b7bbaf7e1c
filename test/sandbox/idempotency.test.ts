import {
  CreateTrafficMirrorFilterCommand,
  CreateTrafficMirrorSessionCommand,
  CreateTrafficMirrorTargetCommand,
  DeleteTrafficMirrorSessionCommand,
  DescribeTrafficMirrorSessionsCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { ENI, FILTER, REGION, smallAccount, TARGET, webInterface } from './fixture.js';

const sessionRequest = (token: string, sessionNumber = 1) =>
  new CreateTrafficMirrorSessionCommand({
    NetworkInterfaceId: webInterface(1),
    TrafficMirrorTargetId: TARGET.nlb,
    TrafficMirrorFilterId: FILTER,
    SessionNumber: sessionNumber,
    ClientToken: token,
  });

const sessionCount = async (sandbox: Sandbox) =>
  (await sandbox.ec2(REGION).send(new DescribeTrafficMirrorSessionsCommand({}))).TrafficMirrorSessions?.length;

describe('ClientToken idempotency', () => {
  it('returns the same resource for the same token and parameters', async () => {
    const sandbox = createSandbox(smallAccount());
    const ec2 = sandbox.ec2(REGION);
    const first = await ec2.send(sessionRequest('token-1'));
    const again = await ec2.send(sessionRequest('token-1'));
    expect(again.TrafficMirrorSession?.TrafficMirrorSessionId).toBe(first.TrafficMirrorSession?.TrafficMirrorSessionId);
    expect(again.ClientToken).toBe('token-1');
    expect(await sessionCount(sandbox)).toBe(1);
  });

  it('refuses the same token with other parameters', async () => {
    const ec2 = createSandbox(smallAccount()).ec2(REGION);
    await ec2.send(sessionRequest('token-1'));
    await expect(ec2.send(sessionRequest('token-1', 2))).rejects.toMatchObject({ name: 'IdempotentParameterMismatch' });
  });

  it('remembers the token after the resource is gone, without recreating it', async () => {
    const sandbox = createSandbox(smallAccount());
    const ec2 = sandbox.ec2(REGION);
    const id = (await ec2.send(sessionRequest('token-1'))).TrafficMirrorSession?.TrafficMirrorSessionId ?? '';
    await ec2.send(new DeleteTrafficMirrorSessionCommand({ TrafficMirrorSessionId: id }));
    const replayed = await ec2.send(sessionRequest('token-1'));
    expect(replayed.TrafficMirrorSession?.TrafficMirrorSessionId).toBe(id);
    expect(await sessionCount(sandbox)).toBe(0);
  });

  it('keeps tokens across toFile() and createSandbox()', async () => {
    const sandbox = createSandbox(smallAccount());
    const first = await sandbox.ec2(REGION).send(sessionRequest('token-1'));
    const reloaded = createSandbox(sandbox.toFile());
    const again = await reloaded.ec2(REGION).send(sessionRequest('token-1'));
    expect(again.TrafficMirrorSession?.TrafficMirrorSessionId).toBe(first.TrafficMirrorSession?.TrafficMirrorSessionId);
    await expect(reloaded.ec2(REGION).send(sessionRequest('token-1', 2))).rejects.toMatchObject({
      name: 'IdempotentParameterMismatch',
    });
    expect(await sessionCount(reloaded)).toBe(1);
  });

  it('scopes tokens to the action', async () => {
    const ec2 = createSandbox(smallAccount()).ec2(REGION);
    await ec2.send(new CreateTrafficMirrorFilterCommand({ ClientToken: 'shared' }));
    await expect(
      ec2.send(new CreateTrafficMirrorTargetCommand({ NetworkInterfaceId: ENI.detached, ClientToken: 'shared' })),
    ).resolves.toBeDefined();
  });

  it('derives ids from caller tokens, so they do not depend on call order', async () => {
    const create = async (order: string[]) => {
      const ec2 = createSandbox(smallAccount()).ec2(REGION);
      const ids: Record<string, string> = {};
      for (const token of order) {
        const result = await ec2.send(new CreateTrafficMirrorFilterCommand({ ClientToken: token }));
        ids[token] = result.TrafficMirrorFilter?.TrafficMirrorFilterId ?? '';
      }
      return ids;
    };
    expect(await create(['a', 'b'])).toEqual(await create(['b', 'a']));
  });

  it('rejects tokens longer than 64 characters', async () => {
    const ec2 = createSandbox(smallAccount()).ec2(REGION);
    await expect(ec2.send(new CreateTrafficMirrorFilterCommand({ ClientToken: 'x'.repeat(65) }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
  });
});
