import { IAMClient, IAMServiceException, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { createSandbox, type SandboxFile } from '../../src/sandbox/index.js';
import { ACCOUNT, REGION } from './fixture.js';

const file = (extra: Partial<SandboxFile> = {}): SandboxFile => ({ version: 1, accountId: ACCOUNT, regions: {}, ...extra });

function clients(sandboxFile: SandboxFile) {
  const sandbox = createSandbox(sandboxFile);
  const sts = new STSClient({ region: REGION });
  const iam = new IAMClient({ region: REGION });
  sandbox.attach(sts, REGION);
  sandbox.attach(iam, REGION);
  return { sandbox, sts, iam };
}

describe('the caller of a sandbox account', () => {
  it('answers GetCallerIdentity with the file account and a default user', async () => {
    const { sts } = clients(file());
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/sandbox` });
    expect(identity.UserId).toMatch(/^AIDA[0-9A-F]{17}$/);
  });

  it('answers with the callerArn and accountAlias of the file', async () => {
    const arn = `arn:aws:sts::${ACCOUNT}:assumed-role/ci-deploy/run-42`;
    const { sts, iam } = clients(file({ callerArn: arn, accountAlias: 'prod-network' }));
    expect(await sts.send(new GetCallerIdentityCommand({}))).toMatchObject({ Arn: arn, UserId: expect.stringMatching(/^AROA.*:run-42$/) });
    expect((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual(['prod-network']);
  });

  it('lists no alias when the account has none', async () => {
    const { iam } = clients(file());
    expect((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual([]);
  });

  it('answers AccessDenied, as the SDK raises it, for a denied action', async () => {
    const { iam, sandbox } = clients(file({ deniedActions: ['iam:ListAccountAliases'] }));
    const error = await iam.send(new ListAccountAliasesCommand({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IAMServiceException);
    expect(error).toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('iam:ListAccountAliases'),
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
    });
    expect(sandbox.calls.byAction).toEqual({ ListAccountAliases: 1 });
  });

  it('keeps the caller in the file it writes back', () => {
    const caller = { callerArn: `arn:aws:iam::${ACCOUNT}:role/ops`, accountAlias: 'ops', deniedActions: ['iam:ListAccountAliases'] };
    expect(createSandbox(file(caller)).toFile()).toEqual(file(caller));
    expect(createSandbox(file()).toFile()).toEqual(file());
  });

  it('refuses a caller from another account and a denied GetCallerIdentity', () => {
    expect(() => createSandbox(file({ callerArn: 'arn:aws:iam::999988887777:user/x' }))).toThrow(
      /callerArn: the caller's account 999988887777 is not the file's account 111122223333/,
    );
    expect(() => createSandbox(file({ deniedActions: ['sts:GetCallerIdentity'] }))).toThrow(/even when a policy denies it/);
  });
});
