/** Which account: the caller is named before any read, and a policy pinned elsewhere reads nothing else. */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openAccount, type Account } from '../../src/app/account.js';
import { buildPlan } from '../../src/app/plan.js';
import { createAwsClients, type AwsClients } from '../../src/aws/clients.js';
import { readCallerIdentity } from '../../src/aws/identity.js';
import { isUserError, type UserError } from '../../src/core/errors.js';
import { isolateAwsEnvironment } from '../discover/helpers/aws-env.js';
import { startQueryEndpoint, type QueryEndpoint } from '../discover/helpers/query-endpoint.js';

const DEMO = 'examples/sandbox/demo-account.yaml';
const DEMO_POLICY = 'examples/sandbox/mirror.config.yaml';
const DEMO_ACCOUNT = '123456789012';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mirrorctl-identity-'));
});

/** A copy of the demo account, with extra top-level sandbox keys, opened as the CLI opens it. */
async function demoAccount(extra = ''): Promise<Account & { sandbox: NonNullable<Account['sandbox']> }> {
  const path = join(dir, 'account.yaml');
  await writeFile(path, `${extra}${await readFile(DEMO, 'utf8')}`);
  const account = await openAccount({ sandboxPath: path });
  if (account.sandbox === undefined) throw new Error('expected a sandbox account');
  return account as Account & { sandbox: NonNullable<Account['sandbox']> };
}

async function demoPolicy(extra = ''): Promise<string> {
  const path = join(dir, 'mirror.config.yaml');
  if (extra === '') await copyFile(DEMO_POLICY, path);
  else await writeFile(path, `${await readFile(DEMO_POLICY, 'utf8')}\n${extra}\n`);
  return path;
}

async function rejection(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isUserError(error)) throw new Error(`expected a UserError, got ${String(error)}`);
  return error;
}

describe('buildPlan names the account', () => {
  it('puts the caller and the alias in the plan', async () => {
    const account = await demoAccount('accountAlias: demo-net\ncallerArn: arn:aws:sts::123456789012:assumed-role/ci/run-7\n');
    const run = await buildPlan({ configPath: await demoPolicy(), account, mode: 'converge' });
    expect(run.plan.account).toEqual({ id: DEMO_ACCOUNT, alias: 'demo-net', callerArn: 'arn:aws:sts::123456789012:assumed-role/ci/run-7' });
    expect(account.sandbox.instance.calls.byAction).toMatchObject({ GetCallerIdentity: 1, ListAccountAliases: 1 });
  });

  it('plans without an alias when iam:ListAccountAliases is denied', async () => {
    const account = await demoAccount('deniedActions: [iam:ListAccountAliases]\naccountAlias: demo-net\n');
    const run = await buildPlan({ configPath: await demoPolicy(), account, mode: 'converge' });
    expect(run.plan.account).toEqual({ id: DEMO_ACCOUNT, callerArn: `arn:aws:iam::${DEMO_ACCOUNT}:user/sandbox` });
    expect(run.plan.actions.length).toBeGreaterThan(0);
    expect(account.sandbox.instance.calls.byAction['ListAccountAliases']).toBe(1);
  });

  it('plans in a pinned account', async () => {
    const account = await demoAccount();
    const run = await buildPlan({ configPath: await demoPolicy(`accounts: ["${DEMO_ACCOUNT}", "000011112222"]`), account, mode: 'converge' });
    expect(run.plan.account?.id).toBe(DEMO_ACCOUNT);
  });

  it('refuses credentials for another account after GetCallerIdentity alone, naming both accounts', async () => {
    const account = await demoAccount();
    const policy = await demoPolicy('accounts: ["000011112222"]');
    for (const mode of ['converge', 'destroy'] as const) {
      account.sandbox.instance.calls.reset();
      const error = await rejection(buildPlan({ configPath: policy, account, mode }));
      expect(error.message).toContain(`The credentials are for AWS account ${DEMO_ACCOUNT} (arn:aws:iam::${DEMO_ACCOUNT}:user/sandbox)`);
      expect(error.message).toContain('is for account 000011112222');
      expect(error.hint).toContain('use credentials for account 000011112222');
      expect(error.hint).toContain(`add "${DEMO_ACCOUNT}" to accounts: in ${policy}`);
      expect(account.sandbox.instance.calls.byAction).toEqual({ GetCallerIdentity: 1 });
    }
  });
});

describe('GetCallerIdentity failures are credential problems the user can fix', () => {
  isolateAwsEnvironment({ withCredentials: false });
  const opened: { endpoint?: QueryEndpoint; clients?: AwsClients }[] = [];
  afterEach(async () => {
    for (const { endpoint, clients } of opened.splice(0)) {
      clients?.destroy();
      await endpoint?.close();
    }
  });

  it('no credentials at all', async () => {
    const clients = createAwsClients({ maxAttempts: 1 });
    opened.push({ clients });
    const error = await rejection(readCallerIdentity(clients, 'us-east-1'));
    expect(error.message).toMatch(/^Cannot tell which AWS account the credentials are for\. No AWS credentials were found/);
    expect(error.hint).toContain('aws sso login');
  });

  it('an expired session token, as STS answers it', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
    const endpoint = await startQueryEndpoint(() => ({
      status: 403,
      body:
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>ExpiredToken</Code>' +
        '<Message>The security token included in the request is expired</Message></Error><RequestId>r-1</RequestId></ErrorResponse>',
    }));
    const clients = createAwsClients({ endpointUrl: endpoint.url, maxAttempts: 1 });
    opened.push({ endpoint, clients });
    const error = await rejection(readCallerIdentity(clients, 'us-east-1'));
    expect(endpoint.actions).toEqual(['GetCallerIdentity']);
    expect(error.message).toContain('The AWS session token has expired');
    expect(error.hint).toMatch(/refresh the credentials/);
  });
});
