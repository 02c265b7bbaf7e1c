/**
 * The plan for one region's stack: a CloudFormation change set, created and described but not executed.
 * A change set with nothing to change is deleted at once and reported as "no changes".
 */
import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  waitUntilChangeSetCreateComplete,
  type CloudFormationClient,
  type Parameter,
  type ResourceChange,
} from '@aws-sdk/client-cloudformation';
import { POLICY_TAG } from '../../core/ownership.js';
import { UserError } from '../../core/errors.js';
import { PARAMETERS } from '../template/index.js';

export interface StackTarget {
  readonly region: string;
  readonly stackName: string;
  readonly bucket: string;
  /** mirrorctl's default bucket: created when missing. A bucket named with --bucket must exist. */
  readonly bucketOwnedByMirrorctl: boolean;
  readonly key: string;
  readonly alarmTopicArn?: string;
}

export interface WaitSettings {
  /** Seconds between a waiter's polls: from min, backing off to max. */
  readonly minDelaySeconds: number;
  readonly maxDelaySeconds: number;
  readonly maxWaitSeconds: number;
  /** Milliseconds between reads of the stack's events while it changes. */
  readonly eventPollMs: number;
}

export const DEFAULT_WAIT: WaitSettings = { minDelaySeconds: 5, maxDelaySeconds: 30, maxWaitSeconds: 3600, eventPollMs: 5000 };

export interface ResourceChangeRow {
  readonly action: 'Add' | 'Modify' | 'Remove' | 'Import' | 'Dynamic' | 'SyncWithActual';
  readonly logicalId: string;
  readonly type: string;
  /** CloudFormation's answer for a Modify: `True`, `False` or `Conditional`. */
  readonly replacement?: string;
  /** The properties (or other attributes) a Modify changes. */
  readonly changed: readonly string[];
}

export type StackPlan =
  | {
      readonly kind: 'create' | 'update';
      readonly target: StackTarget;
      readonly changeSetId: string;
      readonly stackId: string;
      readonly changes: readonly ResourceChangeRow[];
    }
  | { readonly kind: 'none'; readonly target: StackTarget };

/** What DescribeStacks says of a stack: absent, or its status. */
export async function stackStatus(cloudFormation: CloudFormationClient, stackName: string): Promise<{ status: string; stackId: string } | undefined> {
  try {
    const answer = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = answer.Stacks?.[0];
    return stack === undefined ? undefined : { status: stack.StackStatus ?? 'UNKNOWN', stackId: stack.StackId ?? stackName };
  } catch (error) {
    // CloudFormation's only answer for a missing stack.
    if ((error as { name?: string }).name === 'ValidationError' && /does not exist/.test((error as Error).message)) return undefined;
    throw error;
  }
}

/** CloudFormation's words for a change set without changes. */
const NO_CHANGES = /didn't contain changes|No updates are to be performed/;

const MAX_TEMPLATE_BODY = 51_200;

function parameters(target: StackTarget): Parameter[] {
  return [
    { ParameterKey: PARAMETERS.bucket, ParameterValue: target.bucket },
    { ParameterKey: PARAMETERS.key, ParameterValue: target.key },
    { ParameterKey: PARAMETERS.alarmTopic, ParameterValue: target.alarmTopicArn ?? '' },
  ];
}

function row(change: ResourceChange): ResourceChangeRow {
  const changed = [
    ...new Set(
      (change.Details ?? []).map((detail) => {
        const target = detail.Target;
        return target?.Attribute === 'Properties' && target.Name !== undefined ? target.Name : (target?.Attribute ?? 'unknown');
      }),
    ),
  ];
  return {
    action: (change.Action ?? 'Dynamic') as ResourceChangeRow['action'],
    logicalId: change.LogicalResourceId ?? '',
    type: change.ResourceType ?? '',
    ...(change.Replacement === undefined ? {} : { replacement: change.Replacement }),
    changed,
  };
}

export interface PlanRequest {
  readonly target: StackTarget;
  readonly templateBody: string;
  readonly policyName: string;
  readonly mirrorctlVersion: string;
  readonly wait: WaitSettings;
}

export async function planStack(cloudFormation: CloudFormationClient, request: PlanRequest): Promise<StackPlan> {
  const { target } = request;
  if (request.templateBody.length > MAX_TEMPLATE_BODY) {
    throw new UserError(`the healer's template is ${request.templateBody.length} bytes, over CloudFormation's ${MAX_TEMPLATE_BODY} for a template sent inline`, {
      hint: 'deploy template.json from `mirrorctl package` with `aws cloudformation deploy --s3-bucket …`',
    });
  }
  const existing = await stackStatus(cloudFormation, target.stackName);
  const where = `the stack ${target.stackName} in ${target.region}`;
  if (existing?.status === 'ROLLBACK_COMPLETE' || existing?.status === 'ROLLBACK_FAILED') {
    throw new UserError(`${where} failed to create (${existing.status}) and can only be deleted`, {
      hint: `run mirrorctl deploy --destroy --region ${target.region}, then deploy again`,
    });
  }
  if (existing !== undefined && existing.status.endsWith('_IN_PROGRESS') && existing.status !== 'REVIEW_IN_PROGRESS') {
    throw new UserError(`${where} is busy (${existing.status})`, { hint: 'wait until CloudFormation has finished with it, then deploy again' });
  }
  // A stack only ever planned (a cancelled first deploy) has no resources: it is created, not updated.
  const kind = existing === undefined || existing.status === 'REVIEW_IN_PROGRESS' ? 'create' : 'update';
  const created = await cloudFormation.send(
    new CreateChangeSetCommand({
      StackName: target.stackName,
      ChangeSetName: `mirrorctl-${Date.now()}`,
      ChangeSetType: kind === 'create' ? 'CREATE' : 'UPDATE',
      TemplateBody: request.templateBody,
      Parameters: parameters(target),
      Capabilities: ['CAPABILITY_IAM'],
      Tags: [{ Key: POLICY_TAG, Value: request.policyName }],
      Description: `mirrorctl ${request.mirrorctlVersion} deploy of the healer of policy ${request.policyName}`,
    }),
  );
  const changeSetId = created.Id ?? '';
  const stackId = created.StackId ?? target.stackName;
  try {
    await waitUntilChangeSetCreateComplete(
      { client: cloudFormation, maxWaitTime: request.wait.maxWaitSeconds, minDelay: request.wait.minDelaySeconds, maxDelay: request.wait.maxDelaySeconds },
      { ChangeSetName: changeSetId, StackName: stackId },
    );
  } catch {
    const failed = await cloudFormation.send(new DescribeChangeSetCommand({ ChangeSetName: changeSetId, StackName: stackId }));
    const reason = failed.StatusReason ?? failed.Status ?? 'no reason given';
    if (NO_CHANGES.test(reason)) {
      await cloudFormation.send(new DeleteChangeSetCommand({ ChangeSetName: changeSetId, StackName: stackId }));
      return { kind: 'none', target };
    }
    await discardPlan(cloudFormation, { kind, target, changeSetId, stackId, changes: [] });
    throw new UserError(`CloudFormation could not plan ${where}: ${reason}`);
  }
  const changes: ResourceChangeRow[] = [];
  let nextToken: string | undefined;
  do {
    const page = await cloudFormation.send(new DescribeChangeSetCommand({ ChangeSetName: changeSetId, StackName: stackId, ...(nextToken === undefined ? {} : { NextToken: nextToken }) }));
    for (const change of page.Changes ?? []) if (change.ResourceChange !== undefined) changes.push(row(change.ResourceChange));
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return { kind, target, changeSetId, stackId, changes };
}

/** A plan not carried out leaves nothing behind: its change set, and the empty stack a first plan made. */
export async function discardPlan(cloudFormation: CloudFormationClient, plan: StackPlan): Promise<void> {
  if (plan.kind === 'none') return;
  if (plan.kind === 'create') {
    await cloudFormation.send(new DeleteStackCommand({ StackName: plan.stackId }));
    return;
  }
  await cloudFormation.send(new DeleteChangeSetCommand({ ChangeSetName: plan.changeSetId, StackName: plan.stackId }));
}
