/** Several accounts in one sandbox file: STS AssumeRole, Organizations, isolation and RAM-shared targets. */
import {
  CreateTrafficMirrorFilterCommand,
  CreateTrafficMirrorSessionCommand,
  DeleteTrafficMirrorSessionCommand,
  DeleteTrafficMirrorTargetCommand,
  DescribeInstancesCommand,
  DescribeTrafficMirrorSessionsCommand,
  DescribeTrafficMirrorTargetsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox, type SandboxFile } from '../../src/sandbox/index.js';
import { hexId, REGION } from './fixture.js';
import {
  EXTERNAL_ID,
  MANAGEMENT,
  organizationFile,
  OU,
  OUTSIDER,
  ROLE,
  ROOT,
  SECURITY,
  SHARED_TARGET,
  WORKLOAD_A,
  WORKLOAD_B,
} from './organization-fixture.js';

const roleArn = (account: string, name = ROLE) => `arn:aws:iam::${account}:role/${name}`;

function home(sandbox: Sandbox) {
  const sts = new STSClient({ region: REGION });
  sandbox.attach(sts, REGION);
  return sts;
}

async function assume(sandbox: Sandbox, account: string, externalId: string | undefined = EXTERNAL_ID) {
  const answer = await home(sandbox).send(
    new AssumeRoleCommand({ RoleArn: roleArn(account), RoleSessionName: 'mirrorctl-test', ...(externalId === undefined ? {} : { ExternalId: externalId }) }),
  );
  const credentials = {
    accessKeyId: answer.Credentials?.AccessKeyId ?? '',
    secretAccessKey: answer.Credentials?.SecretAccessKey ?? '',
    sessionToken: answer.Credentials?.SessionToken ?? '',
  };
  const ec2 = new EC2Client({ region: REGION, credentials });
  sandbox.attach(ec2, REGION, { keepCredentials: true });
  const sts = new STSClient({ region: REGION, credentials });
  sandbox.attach(sts, REGION, { keepCredentials: true });
  return { answer, ec2, sts };
}

const instanceIds = async (ec2: EC2Client) =>
  ((await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? []).flatMap((reservation) =>
    (reservation.Instances ?? []).map((instance) => instance.InstanceId),
  );

describe('STS AssumeRole across the accounts of a file', () => {
  it('hands out credentials that reach the role’s account and nothing else', async () => {
    const sandbox = createSandbox(organizationFile());
    const { answer, ec2, sts } = await assume(sandbox, WORKLOAD_A);
    const arn = `arn:aws:sts::${WORKLOAD_A}:assumed-role/${ROLE}/mirrorctl-test`;
    expect(answer.AssumedRoleUser).toEqual({ Arn: arn, AssumedRoleId: expect.stringMatching(/^AROA[0-9A-F]{17}:mirrorctl-test$/) });
    expect(answer.Credentials?.Expiration?.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    expect(await sts.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: WORKLOAD_A, Arn: arn });
    expect(await instanceIds(ec2)).toEqual([hexId('i', 0xa000), hexId('i', 0xa001)]);
    // The file's own credentials stay the management account's, which holds no instance.
    expect(await instanceIds(sandbox.ec2(REGION))).toEqual([]);
    expect(sandbox.callsOf(MANAGEMENT).byAction).toEqual({ AssumeRole: 1, DescribeInstances: 1 });
    expect(sandbox.callsOf(WORKLOAD_A).byAction).toEqual({ GetCallerIdentity: 1, DescribeInstances: 1 });
    expect(sandbox.calls.total()).toBe(4);
  });

  it('refuses a role the account lacks, an untrusted caller, a wrong external id and a suspended account, naming caller and role', async () => {
    const file = organizationFile();
    const accounts = (file.accounts ?? []).map((account) => (account.accountId === WORKLOAD_B ? { ...account, status: 'SUSPENDED' as const } : account));
    const sandbox = createSandbox({ ...file, accounts });
    const caller = `arn:aws:iam::${MANAGEMENT}:user/sandbox`;
    const attempts = [
      { RoleArn: roleArn(WORKLOAD_A, 'admin'), ExternalId: EXTERNAL_ID },
      { RoleArn: roleArn(WORKLOAD_A) },
      { RoleArn: roleArn(WORKLOAD_A), ExternalId: 'guess' },
      { RoleArn: roleArn(WORKLOAD_B), ExternalId: EXTERNAL_ID },
      { RoleArn: roleArn('999999999999'), ExternalId: EXTERNAL_ID },
    ];
    for (const attempt of attempts) {
      const error = await home(sandbox)
        .send(new AssumeRoleCommand({ ...attempt, RoleSessionName: 'x1' }))
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        name: 'AccessDenied',
        message: `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${attempt.RoleArn}`,
        $metadata: { httpStatusCode: 403 },
      });
    }
  });

  it('lets only the trusted account assume, and caps a chained session at an hour', async () => {
    const sandbox = createSandbox(organizationFile());
    const { sts } = await assume(sandbox, WORKLOAD_A);
    // A role session may not assume the role: its trust names the management account only.
    await expect(
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn(WORKLOAD_B), RoleSessionName: 'chain', ExternalId: EXTERNAL_ID })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn(WORKLOAD_B), RoleSessionName: 'chain', DurationSeconds: 7200 })),
    ).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining('role chaining') });
  });

  it('expires the credentials it issued', async () => {
    let now = 1_000_000;
    const sandbox = createSandbox(organizationFile(), { now: () => now });
    const { ec2 } = await assume(sandbox, WORKLOAD_A);
    expect(await instanceIds(ec2)).toHaveLength(2);
    now += 3_600_000;
    await expect(instanceIds(ec2)).rejects.toMatchObject({ name: 'ExpiredToken' });
    expect(sandbox.callsOf(WORKLOAD_A).expired).toBe(1);
  });

  it('serves the SDK’s fromTemporaryCredentials through its plugin', async () => {
    const sandbox = createSandbox(organizationFile());
    const credentials = fromTemporaryCredentials({
      params: { RoleArn: roleArn(SECURITY), RoleSessionName: 'plugin', ExternalId: EXTERNAL_ID },
      masterCredentials: { accessKeyId: 'AKIASANDBOXEXAMPLE00', secretAccessKey: 'x' },
      clientConfig: { region: REGION },
      clientPlugins: [sandbox.stsPlugin(REGION)],
    });
    const sts = new STSClient({ region: REGION, credentials });
    sandbox.attach(sts, REGION, { keepCredentials: true });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(SECURITY);
    const denied = fromTemporaryCredentials({
      params: { RoleArn: roleArn(SECURITY), RoleSessionName: 'plugin' },
      masterCredentials: { accessKeyId: 'AKIASANDBOXEXAMPLE00', secretAccessKey: 'x' },
      clientConfig: { region: REGION },
      clientPlugins: [sandbox.stsPlugin(REGION)],
    });
    await expect(denied()).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });
});

describe('Organizations', () => {
  function organizations(sandbox: Sandbox) {
    const client = new OrganizationsClient({ region: 'us-east-1' });
    sandbox.attach(client, 'us-east-1');
    return client;
  }

  it('lists the accounts page by page, of a unit without its children, and the units under a parent', async () => {
    const sandbox = createSandbox(organizationFile());
    const client = organizations(sandbox);
    const pages = [];
    for await (const page of paginateListAccounts({ client, pageSize: 2 }, {})) pages.push(page.Accounts?.map((account) => account.Id));
    expect(pages).toEqual([[MANAGEMENT, SECURITY], [WORKLOAD_A, WORKLOAD_B], [OUTSIDER]]);
    const inUnit = await client.send(new ListAccountsForParentCommand({ ParentId: OU.workloads }));
    expect(inUnit.Accounts?.map((account) => [account.Id, account.Name, account.Status])).toEqual([[WORKLOAD_A, 'workload-a', 'ACTIVE']]);
    const atRoot = await client.send(new ListAccountsForParentCommand({ ParentId: ROOT }));
    expect(atRoot.Accounts?.map((account) => account.Id)).toEqual([MANAGEMENT, OUTSIDER]);
    const units = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: OU.workloads }));
    expect(units.OrganizationalUnits?.map((unit) => unit.Id)).toEqual([OU.nested]);
    await expect(client.send(new ListAccountsForParentCommand({ ParentId: 'ou-ab12-missing00' }))).rejects.toMatchObject({
      name: 'ParentNotFoundException',
    });
    await expect(client.send(new ListAccountsForParentCommand({ ParentId: ROOT, MaxResults: 21 }))).rejects.toMatchObject({
      name: 'InvalidInputException',
    });
    // Organizations is global: it adds no region to the account.
    expect(sandbox.toFile().regions).toEqual({});
  });

  it('refuses a member that is neither the management account nor a delegated administrator', async () => {
    const sandbox = createSandbox(organizationFile());
    const { answer } = await assume(sandbox, SECURITY);
    const client = new OrganizationsClient({
      region: 'us-east-1',
      credentials: {
        accessKeyId: answer.Credentials?.AccessKeyId ?? '',
        secretAccessKey: answer.Credentials?.SecretAccessKey ?? '',
        sessionToken: answer.Credentials?.SessionToken ?? '',
      },
    });
    sandbox.attach(client, 'us-east-1', { keepCredentials: true });
    await expect(client.send(new ListAccountsForParentCommand({ ParentId: OU.workloads }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: "You don't have permissions to access this resource.",
      $metadata: { httpStatusCode: 403 },
    });
    const delegated = organizationFile();
    const withAdmin = createSandbox({ ...delegated, organization: { ...delegated.organization!, delegatedAdministrators: [SECURITY] } });
    const admin = await assume(withAdmin, SECURITY);
    const adminClient = new OrganizationsClient({ region: 'us-east-1', credentials: await admin.sts.config.credentials() });
    withAdmin.attach(adminClient, 'us-east-1', { keepCredentials: true });
    expect((await adminClient.send(new ListAccountsForParentCommand({ ParentId: OU.workloads }))).Accounts).toHaveLength(1);
  });

  it('answers an account outside any organization that it is in none', async () => {
    const sandbox = createSandbox({ version: 1, accountId: MANAGEMENT, regions: {} });
    await expect(organizations(sandbox).send(new ListAccountsForParentCommand({ ParentId: ROOT }))).rejects.toMatchObject({
      name: 'AWSOrganizationsNotInUseException',
    });
  });
});

describe('a target shared through RAM', () => {
  async function sessionOnSharedTarget(sandbox: Sandbox) {
    const workload = await assume(sandbox, WORKLOAD_A);
    const filter = await workload.ec2.send(new CreateTrafficMirrorFilterCommand({ ClientToken: 'f1' }));
    const created = await workload.ec2.send(
      new CreateTrafficMirrorSessionCommand({
        NetworkInterfaceId: hexId('eni', 0xa000),
        TrafficMirrorTargetId: SHARED_TARGET,
        TrafficMirrorFilterId: filter.TrafficMirrorFilter?.TrafficMirrorFilterId,
        SessionNumber: 1,
        ClientToken: 's1',
      }),
    );
    return { workload, sessionId: created.TrafficMirrorSession?.TrafficMirrorSessionId ?? '' };
  }

  it('is visible with its owner to the accounts it is shared with, and only to them', async () => {
    const sandbox = createSandbox(organizationFile());
    const { ec2 } = await assume(sandbox, WORKLOAD_B);
    const seen = (await ec2.send(new DescribeTrafficMirrorTargetsCommand({}))).TrafficMirrorTargets ?? [];
    expect(seen.map((target) => [target.TrafficMirrorTargetId, target.OwnerId])).toEqual([[SHARED_TARGET, SECURITY]]);
    await expect(ec2.send(new DeleteTrafficMirrorTargetCommand({ TrafficMirrorTargetId: SHARED_TARGET }))).rejects.toMatchObject({
      name: 'OperationNotPermitted',
    });
    const outsider = await assume(sandbox, OUTSIDER);
    expect((await outsider.ec2.send(new DescribeTrafficMirrorTargetsCommand({}))).TrafficMirrorTargets).toEqual([]);
  });

  it('shows a recipient’s sessions on it to its owner, who may neither change them nor delete the target under them', async () => {
    const sandbox = createSandbox(organizationFile());
    const { workload, sessionId } = await sessionOnSharedTarget(sandbox);
    const security = await assume(sandbox, SECURITY);
    const seen = (await security.ec2.send(new DescribeTrafficMirrorSessionsCommand({}))).TrafficMirrorSessions ?? [];
    expect(seen.map((session) => [session.TrafficMirrorSessionId, session.OwnerId])).toEqual([[sessionId, WORKLOAD_A]]);
    await expect(security.ec2.send(new DeleteTrafficMirrorSessionCommand({ TrafficMirrorSessionId: sessionId }))).rejects.toMatchObject({
      name: 'OperationNotPermitted',
    });
    await expect(security.ec2.send(new DeleteTrafficMirrorTargetCommand({ TrafficMirrorTargetId: SHARED_TARGET }))).rejects.toMatchObject({
      name: 'TrafficMirrorTargetInUseException',
    });
    await workload.ec2.send(new DeleteTrafficMirrorSessionCommand({ TrafficMirrorSessionId: sessionId }));
    expect((await security.ec2.send(new DescribeTrafficMirrorSessionsCommand({}))).TrafficMirrorSessions).toEqual([]);
  });

  it('is written back once, in its owner’s account, with the recipients’ sessions in theirs', async () => {
    const sandbox = createSandbox(organizationFile());
    const { sessionId } = await sessionOnSharedTarget(sandbox);
    const file = sandbox.toFile();
    const regionOf = (account: string) => file.accounts?.find((item) => item.accountId === account)?.regions[REGION];
    expect(regionOf(SECURITY)?.trafficMirrorSessions).toBeUndefined();
    expect(regionOf(SECURITY)?.trafficMirrorTargets?.map((target) => target.sharedWith)).toEqual([[WORKLOAD_A, WORKLOAD_B]]);
    expect(regionOf(WORKLOAD_A)?.trafficMirrorTargets).toBeUndefined();
    expect(regionOf(WORKLOAD_A)?.trafficMirrorSessions?.map((session) => session.id)).toEqual([sessionId]);
    const reloaded = createSandbox(file);
    const security = await assume(reloaded, SECURITY);
    expect((await security.ec2.send(new DescribeTrafficMirrorSessionsCommand({}))).TrafficMirrorSessions?.map((s) => s.OwnerId)).toEqual([
      WORKLOAD_A,
    ]);
    expect(reloaded.toFile()).toEqual(file);
  });
});

describe('the file of several accounts', () => {
  const invalid = (change: (file: SandboxFile) => SandboxFile) => () => createSandbox(change(organizationFile()));

  it('refuses accounts twice, strangers in the organization, and targets shared with strangers', () => {
    expect(invalid((file) => ({ ...file, accounts: [...(file.accounts ?? []), { accountId: SECURITY, regions: {} }] }))).toThrow(
      /accounts\[4\]\.accountId: account 200000000002 is in the file twice/,
    );
    expect(
      invalid((file) => ({ ...file, organization: { ...file.organization!, delegatedAdministrators: ['999999999999'] } })),
    ).toThrow(/the delegated administrator 999999999999 is not an account of this file/);
    expect(
      invalid((file) => {
        const accounts = structuredClone(file.accounts ?? []);
        const target = accounts[0]?.regions[REGION]?.trafficMirrorTargets?.[0];
        if (target) target.sharedWith = ['999999999999'];
        return { ...file, accounts };
      }),
    ).toThrow(/accounts\[0\]\.regions\.us-east-1\.trafficMirrorTargets\[0\]\.sharedWith\[0\]: the account 999999999999 is not an account of this file/);
  });

  it('refuses a session on another account’s target that is not shared with it', () => {
    expect(
      invalid((file) => {
        const accounts = structuredClone(file.accounts ?? []);
        const outsider = accounts.find((account) => account.accountId === OUTSIDER)?.regions[REGION];
        if (outsider) {
          outsider.trafficMirrorFilters = [{ id: hexId('tmf', 0xd0) }];
          outsider.trafficMirrorSessions = [
            { id: hexId('tms', 0xd0), networkInterfaceId: hexId('eni', 0xd000), targetId: SHARED_TARGET, filterId: hexId('tmf', 0xd0), sessionNumber: 1 },
          ];
        }
        return { ...file, accounts };
      }),
    ).toThrow(/unknown traffic mirror target tmt-000000000000000c0/);
  });
});
