/**
 * `mirrorctl deploy` against stubbed STS, CloudFormation and S3 (aws-sdk-client-mock): CloudFormation's own
 * behaviour is not under test, only what mirrorctl asks of it, shows, and makes of its answers. The stubs
 * answer the way the services document: a missing stack is a ValidationError, a change set without changes
 * FAILS with CloudFormation's words, stack events are newest first and carry the operation's token.
 */
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListStackResourcesCommand,
  type Change,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, HeadBucketCommand, HeadObjectCommand, PutBucketTaggingCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const DEMO = 'examples/sandbox/mirror.config.yaml';
const ACCOUNT = '123456789012';
const STACK_ID = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/mirrorctl-demo-ndr/0a1b2c3d`;
const CHANGE_SET_ID = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:changeSet/mirrorctl-1/4e5f`;

const sts = mockClient(STSClient);
const cloudFormation = mockClient(CloudFormationClient);
const s3 = mockClient(S3Client);

afterAll(() => {
  sts.restore();
  cloudFormation.restore();
  s3.restore();
});

const awsError = (name: string, message: string, status: number) => Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
const noStack = () => awsError('ValidationError', 'Stack with id mirrorctl-demo-ndr does not exist', 400);
const notFound = () => awsError('NotFound', 'Not Found', 404);

const add = (id: string, type: string): Change => ({ Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: id, ResourceType: type } });

/** The stack's status as DescribeStacks answers, before and after ExecuteChangeSet. */
function stack(before: string | undefined, after: string, outputs: Record<string, string> = {}): { executed: () => string | undefined } {
  let token: string | undefined;
  cloudFormation.on(ExecuteChangeSetCommand).callsFake((input: { ClientRequestToken?: string }) => {
    token = input.ClientRequestToken;
    return {};
  });
  cloudFormation.on(DescribeStacksCommand).callsFake(() => {
    const status = token === undefined ? before : after;
    if (status === undefined) throw noStack();
    return { Stacks: [{ StackName: 'mirrorctl-demo-ndr', StackId: STACK_ID, StackStatus: status, CreationTime: new Date(), Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })) }] };
  });
  return { executed: () => token };
}

/** Events newest first, as CloudFormation lists them; only the executed operation's carry its token. */
function events(list: () => Omit<StackEvent, 'StackId' | 'StackName' | 'Timestamp' | 'EventId'>[], token: () => string | undefined): void {
  cloudFormation.on(DescribeStackEventsCommand).callsFake(() => ({
    StackEvents: [
      ...list()
        .map((event, index) => ({ ...event, EventId: `event-${index}`, StackId: STACK_ID, StackName: 'mirrorctl-demo-ndr', Timestamp: new Date(), ClientRequestToken: token() }))
        .reverse(),
      { EventId: 'older', LogicalResourceId: 'Function', ResourceType: 'AWS::Lambda::Function', ResourceStatus: 'UPDATE_FAILED', ResourceStatusReason: 'an earlier deploy', ClientRequestToken: 'someone-else' },
    ],
  }));
}

function plannedChanges(changes: Change[]): void {
  cloudFormation.on(CreateChangeSetCommand).resolves({ Id: CHANGE_SET_ID, StackId: STACK_ID });
  cloudFormation.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE', Changes: changes });
}

const yes = (answer: string) => ({ stdinIsTTY: true, stdin: Readable.from([`${answer}\n`]) });

beforeEach(() => {
  sts.reset();
  cloudFormation.reset();
  s3.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/deployer`, UserId: 'AIDAEXAMPLE' });
});

describe('mirrorctl deploy', () => {
  it('shows a new stack as a plan, and on "no" deletes what planning made and changes nothing', async () => {
    stack(undefined, 'CREATE_COMPLETE');
    plannedChanges([add('Role', 'AWS::IAM::Role'), add('Function', 'AWS::Lambda::Function'), add('Queue', 'AWS::SQS::Queue')]);
    const run = await runCli(['deploy', '-c', DEMO, '--region', 'us-east-1'], yes('no'));
    expect(run.stdout).toContain('Stack mirrorctl-demo-ndr in us-east-1 (new), code s3://mirrorctl-artifacts-123456789012-us-east-1/mirrorctl/mirrorctl-demo-ndr/handler-');
    expect(run.stdout).toMatch(/\+ Function {2}AWS::Lambda::Function\n/);
    expect(run.stdout).toContain('Plan: 3 to add, 0 to change, 0 to remove.');
    expect(run.stdout).toContain('Do you want to deploy these changes?');
    expect(run.stderr).toContain('Deploy cancelled: the change sets were deleted, nothing was changed.');
    expect(run.exitCode).toBe(1);
    expect(cloudFormation.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    // The empty stack a first change set creates (REVIEW_IN_PROGRESS) goes with it.
    expect(cloudFormation.commandCalls(DeleteStackCommand).map((call) => call.args[0].input)).toEqual([{ StackName: STACK_ID }]);
    expect(s3.calls()).toHaveLength(0);
    const request = cloudFormation.commandCalls(CreateChangeSetCommand)[0]?.args[0].input;
    expect(request).toMatchObject({ StackName: 'mirrorctl-demo-ndr', ChangeSetType: 'CREATE', Capabilities: ['CAPABILITY_IAM'], Tags: [{ Key: 'mirrorctl:policy', Value: 'demo-ndr' }] });
    expect(JSON.parse(request?.TemplateBody ?? '{}').Resources.Function.Properties.Runtime).toBe('nodejs24.x');
  });

  it('on "yes" uploads handler.zip to the account\'s own bucket, executes the change set with progress, and reports the outputs', async () => {
    const { executed } = stack('UPDATE_COMPLETE', 'UPDATE_COMPLETE', { FunctionName: 'mirrorctl-demo-ndr-Function-ABC' });
    plannedChanges([
      { Type: 'Resource', ResourceChange: { Action: 'Modify', LogicalResourceId: 'Function', ResourceType: 'AWS::Lambda::Function', Replacement: 'False', Details: [{ Target: { Attribute: 'Properties', Name: 'Code' } }] } },
      { Type: 'Resource', ResourceChange: { Action: 'Modify', LogicalResourceId: 'Queue', ResourceType: 'AWS::SQS::Queue', Replacement: 'True', Details: [{ Target: { Attribute: 'Properties', Name: 'FifoQueue' } }] } },
      { Type: 'Resource', ResourceChange: { Action: 'Remove', LogicalResourceId: 'PolicyTagCallRule', ResourceType: 'AWS::Events::Rule' } },
    ]);
    events(() => [{ LogicalResourceId: 'Function', ResourceType: 'AWS::Lambda::Function', ResourceStatus: 'UPDATE_COMPLETE' }], executed);
    s3.on(HeadBucketCommand).resolves({});
    s3.on(HeadObjectCommand).rejects(notFound());
    s3.on(PutObjectCommand).resolves({});
    const run = await runCli(['deploy', '-c', DEMO, '--region', 'us-east-1'], yes('yes'));
    expect(run.stdout).toContain(
      '  ~ Function           AWS::Lambda::Function  Code\n  ~ Queue              AWS::SQS::Queue        FifoQueue (replaced)\n  - PolicyTagCallRule  AWS::Events::Rule\n',
    );
    expect(run.stdout).toContain('Plan: 0 to add, 2 to change (1 replaced), 1 to remove.');
    expect(run.stdout).toContain('Enter a value: \n✓ mirrorctl-demo-ndr in us-east-1: UPDATE_COMPLETE\n    FunctionName: mirrorctl-demo-ndr-Function-ABC');
    expect(run.stderr).toContain('us-east-1  Function  AWS::Lambda::Function  UPDATE_COMPLETE');
    expect(run.stderr).not.toContain('an earlier deploy');
    expect(run.exitCode).toBe(0);
    expect(cloudFormation.commandCalls(CreateChangeSetCommand)[0]?.args[0].input.ChangeSetType).toBe('UPDATE');
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put).toMatchObject({ Bucket: 'mirrorctl-artifacts-123456789012-us-east-1', ExpectedBucketOwner: ACCOUNT, ContentType: 'application/zip' });
    const body = put?.Body as Uint8Array;
    expect(put?.Key).toBe(`mirrorctl/mirrorctl-demo-ndr/handler-${createHash('sha256').update(body).digest('hex').slice(0, 16)}.zip`);
    expect(s3.commandCalls(HeadBucketCommand)[0]?.args[0].input).toEqual({ Bucket: 'mirrorctl-artifacts-123456789012-us-east-1', ExpectedBucketOwner: ACCOUNT });
    // Uploaded after the approval, executed after the upload.
    expect(cloudFormation.commandCalls(ExecuteChangeSetCommand)[0]?.args[0].input).toMatchObject({ ChangeSetName: CHANGE_SET_ID, StackName: STACK_ID });
  });

  it('reports a failed stack by the resource that failed, with CloudFormation\'s reason, and exits 1', async () => {
    const { executed } = stack(undefined, 'ROLLBACK_COMPLETE');
    plannedChanges([add('Function', 'AWS::Lambda::Function'), add('Queue', 'AWS::SQS::Queue')]);
    const reason =
      "Resource handler returned message: \"Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [10].\"";
    events(
      () => [
        { LogicalResourceId: 'mirrorctl-demo-ndr', ResourceType: 'AWS::CloudFormation::Stack', ResourceStatus: 'CREATE_IN_PROGRESS' },
        { LogicalResourceId: 'Function', ResourceType: 'AWS::Lambda::Function', ResourceStatus: 'CREATE_FAILED', ResourceStatusReason: reason },
        { LogicalResourceId: 'Queue', ResourceType: 'AWS::SQS::Queue', ResourceStatus: 'CREATE_FAILED', ResourceStatusReason: 'Resource creation cancelled' },
        { LogicalResourceId: 'mirrorctl-demo-ndr', ResourceType: 'AWS::CloudFormation::Stack', ResourceStatus: 'ROLLBACK_COMPLETE' },
      ],
      executed,
    );
    // mirrorctl's bucket does not exist yet: created, tagged, then written.
    s3.on(HeadBucketCommand).rejectsOnce(notFound()).resolves({});
    s3.on(CreateBucketCommand).resolves({});
    s3.on(PutBucketTaggingCommand).resolves({});
    s3.on(HeadObjectCommand).rejects(notFound());
    s3.on(PutObjectCommand).resolves({});
    const run = await runCli(['deploy', '-c', DEMO, '--region', 'eu-west-1', '--auto-approve']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('✗ mirrorctl-demo-ndr in eu-west-1 failed: ROLLBACK_COMPLETE');
    expect(run.stdout).toContain(`cause: Function (AWS::Lambda::Function) CREATE_FAILED: ${reason}`);
    expect(run.stdout).toContain('then: Queue (AWS::SQS::Queue) CREATE_FAILED: Resource creation cancelled');
    expect(run.stderr).toContain("The healer's stack in eu-west-1 failed (ROLLBACK_COMPLETE)");
    expect(run.stderr).toContain('mirrorctl deploy --destroy --region eu-west-1');
    expect(s3.commandCalls(CreateBucketCommand)[0]?.args[0].input).toEqual({ Bucket: 'mirrorctl-artifacts-123456789012-eu-west-1', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } });
  });

  it('says so when nothing changed, deleting the empty change set', async () => {
    stack('UPDATE_COMPLETE', 'UPDATE_COMPLETE');
    cloudFormation.on(CreateChangeSetCommand).resolves({ Id: CHANGE_SET_ID, StackId: STACK_ID });
    cloudFormation
      .on(DescribeChangeSetCommand)
      .resolves({ Status: 'FAILED', StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set." });
    const run = await runCli(['deploy', '-c', DEMO]);
    expect(run.stdout).toContain('Stack mirrorctl-demo-ndr in us-east-1: no changes.');
    expect(run.stdout).toContain('Stack mirrorctl-demo-ndr in eu-west-1: no changes.');
    expect(run.stdout).toContain('No changes: the healer is up to date.');
    expect(run.exitCode).toBe(0);
    expect(cloudFormation.commandCalls(DeleteChangeSetCommand)).toHaveLength(2);
    expect(s3.calls()).toHaveLength(0);
  });

  it('without a terminal and without --auto-approve refuses, deleting the change sets', async () => {
    stack('UPDATE_COMPLETE', 'UPDATE_COMPLETE');
    plannedChanges([{ Type: 'Resource', ResourceChange: { Action: 'Modify', LogicalResourceId: 'Function', ResourceType: 'AWS::Lambda::Function', Replacement: 'False' } }]);
    const run = await runCli(['deploy', '-c', DEMO, '--region', 'us-east-1']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('deploy needs approval, and there is no terminal to ask on');
    expect(cloudFormation.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(cloudFormation.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
  });

  it('refuses credentials for another account than the policy names, before any CloudFormation call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mirrorctl-deploy-'));
    const policy = join(dir, 'mirror.config.yaml');
    writeFileSync(policy, 'version: 1\nname: pinned\nregions: [us-east-1]\naccounts: ["210987654321"]\n');
    const run = await runCli(['deploy', '-c', policy, '--auto-approve']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('but the policy "pinned" is for account 210987654321');
    expect(cloudFormation.calls()).toHaveLength(0);
  });

  it('checks names and regions before calling AWS', async () => {
    expect((await runCli(['deploy', '-c', DEMO, '--region', 'ap-south-1'])).stderr).toContain('--region ap-south-1: the policy demo-ndr manages us-east-1, eu-west-1 only');
    expect((await runCli(['deploy', '-c', DEMO, '--bucket', 'my-artifacts'])).stderr).toContain('put {region} in the name');
    expect((await runCli(['deploy', '-c', DEMO, '--stack-name', 'x'.repeat(49)])).stderr).toContain('at most 48');
    expect(sts.calls()).toHaveLength(0);
  });
});

describe('mirrorctl deploy --destroy', () => {
  it("lists what each stack holds, deletes it after approval and waits; regions without the stack are named", async () => {
    let deleting = false;
    cloudFormation.on(DescribeStacksCommand).callsFake((input: { StackName?: string }) => {
      if (input.StackName === 'mirrorctl-demo-ndr' && !deleting) return { Stacks: [{ StackName: 'mirrorctl-demo-ndr', StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }] };
      if (deleting && input.StackName === STACK_ID) return { Stacks: [{ StackName: 'mirrorctl-demo-ndr', StackId: STACK_ID, StackStatus: 'DELETE_COMPLETE', CreationTime: new Date() }] };
      throw noStack();
    });
    cloudFormation.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        { LogicalResourceId: 'Function', ResourceType: 'AWS::Lambda::Function', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
        { LogicalResourceId: 'Queue', ResourceType: 'AWS::SQS::Queue', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
      ],
    });
    cloudFormation.on(DeleteStackCommand).callsFake(() => {
      deleting = true;
      return {};
    });
    cloudFormation.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    const run = await runCli(['deploy', '--destroy', '-c', DEMO, '--region', 'us-east-1', '--auto-approve']);
    expect(run.stdout).toContain('Stack mirrorctl-demo-ndr in us-east-1 (delete):\n  - Function  AWS::Lambda::Function\n  - Queue     AWS::SQS::Queue');
    expect(run.stdout).toContain('Plan: 0 to add, 0 to change, 2 to remove.');
    expect(run.stdout).toContain('✓ mirrorctl-demo-ndr in us-east-1: DELETE_COMPLETE');
    expect(run.exitCode).toBe(0);
    expect(cloudFormation.commandCalls(DeleteStackCommand)[0]?.args[0].input).toMatchObject({ StackName: STACK_ID });
  });

  it('has nothing to do where no stack exists', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(noStack());
    const run = await runCli(['deploy', '--destroy', '-c', DEMO]);
    expect(run.stdout).toBe('Nothing to destroy: no stack mirrorctl-demo-ndr in us-east-1, eu-west-1.\n');
    expect(run.exitCode).toBe(0);
  });
});
