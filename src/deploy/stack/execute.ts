/**
 * Carrying out a stack's plan (or deleting the stack): the operation starts with a client request token,
 * CloudFormation's waiter waits for it to finish, and meanwhile the stack's events of that operation (they
 * carry the token) are reported as progress. A failed operation is reported by the resources that failed,
 * with CloudFormation's reasons, the first of them being the cause.
 */
import { randomUUID } from 'node:crypto';
import {
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
  waitUntilStackUpdateComplete,
  type CloudFormationClient,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { setTimeout as delay } from 'node:timers/promises';
import type { StackPlan, WaitSettings } from './change-set.js';

export interface ResourceEvent {
  readonly logicalId: string;
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
}

export interface StackOutcome {
  readonly ok: boolean;
  /** The stack's status at the end (DELETE_COMPLETE once deleted). */
  readonly status: string;
  /** The resources that failed, oldest first: the first is the cause, the others mostly its consequences. */
  readonly failures: readonly ResourceEvent[];
  readonly outputs: Readonly<Record<string, string>>;
}

type Progress = (event: ResourceEvent) => void;

function eventOf(event: StackEvent): ResourceEvent {
  return {
    logicalId: event.LogicalResourceId ?? '',
    type: event.ResourceType ?? '',
    status: event.ResourceStatus ?? '',
    ...(event.ResourceStatusReason === undefined ? {} : { reason: event.ResourceStatusReason }),
  };
}

/** Reads the operation's new events (the newest page is enough between two polls) and reports them oldest first. */
class EventFollower {
  private readonly seen = new Set<string>();
  readonly events: ResourceEvent[] = [];

  constructor(
    private readonly cloudFormation: CloudFormationClient,
    private readonly stackId: string,
    private readonly token: string,
    private readonly progress: Progress,
  ) {}

  async poll(): Promise<void> {
    const page = await this.cloudFormation.send(new DescribeStackEventsCommand({ StackName: this.stackId }));
    const fresh = (page.StackEvents ?? []).filter((event) => event.ClientRequestToken === this.token && !this.seen.has(event.EventId ?? ''));
    for (const event of fresh.reverse()) {
      this.seen.add(event.EventId ?? '');
      const resourceEvent = eventOf(event);
      this.events.push(resourceEvent);
      this.progress(resourceEvent);
    }
  }

  /** Polls until `done` settles, then once more for the last events. */
  async follow<T>(done: Promise<T>, intervalMs: number): Promise<void> {
    let settled = false;
    const finished = done.then(
      () => (settled = true),
      () => (settled = true),
    );
    while (!settled) {
      await Promise.race([finished, delay(intervalMs)]);
      if (!settled) await this.poll().catch(() => undefined);
    }
    await this.poll();
  }
}

async function outcome(cloudFormation: CloudFormationClient, stackId: string, ok: boolean, events: readonly ResourceEvent[]): Promise<StackOutcome> {
  const answer = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackId }));
  const stack = answer.Stacks?.[0];
  const outputs = Object.fromEntries((stack?.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']));
  const failures = events.filter((event) => event.status.endsWith('_FAILED'));
  return { ok, status: stack?.StackStatus ?? 'UNKNOWN', failures, outputs };
}

export async function executePlan(cloudFormation: CloudFormationClient, plan: Exclude<StackPlan, { kind: 'none' }>, wait: WaitSettings, progress: Progress): Promise<StackOutcome> {
  const token = `mirrorctl-${randomUUID()}`;
  await cloudFormation.send(new ExecuteChangeSetCommand({ ChangeSetName: plan.changeSetId, StackName: plan.stackId, ClientRequestToken: token }));
  const waiter = plan.kind === 'create' ? waitUntilStackCreateComplete : waitUntilStackUpdateComplete;
  const finished = waiter(
    { client: cloudFormation, maxWaitTime: wait.maxWaitSeconds, minDelay: wait.minDelaySeconds, maxDelay: wait.maxDelaySeconds },
    { StackName: plan.stackId },
  );
  const follower = new EventFollower(cloudFormation, plan.stackId, token, progress);
  await follower.follow(finished, wait.eventPollMs);
  const ok = await finished.then(
    () => true,
    () => false,
  );
  return outcome(cloudFormation, plan.stackId, ok, follower.events);
}

export async function deleteStack(cloudFormation: CloudFormationClient, stackId: string, wait: WaitSettings, progress: Progress): Promise<StackOutcome> {
  const token = `mirrorctl-${randomUUID()}`;
  await cloudFormation.send(new DeleteStackCommand({ StackName: stackId, ClientRequestToken: token }));
  const finished = waitUntilStackDeleteComplete(
    { client: cloudFormation, maxWaitTime: wait.maxWaitSeconds, minDelay: wait.minDelaySeconds, maxDelay: wait.maxDelaySeconds },
    { StackName: stackId },
  );
  const follower = new EventFollower(cloudFormation, stackId, token, progress);
  await follower.follow(finished, wait.eventPollMs);
  const ok = await finished.then(
    () => true,
    () => false,
  );
  if (ok) return { ok, status: 'DELETE_COMPLETE', failures: [], outputs: {} };
  return outcome(cloudFormation, stackId, ok, follower.events);
}
