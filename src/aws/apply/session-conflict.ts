/**
 * A session create refused because its number is taken on the interface. Another run (a second CI job, the
 * healer) may have got there first, another tool may have taken the number, or a session just deleted may
 * still hold it. The answer is never a reason to blame the policy: re-read the interface and re-decide this
 * one create from what is there now —
 * - the equivalent session (this policy, this key, same target and filter) exists: done by another run;
 * - another session holds the number: take the next free number and create again;
 * - nothing visible holds it (a delete still propagating, or a session too new to be listed): wait, retry.
 */
import { DescribeTrafficMirrorSessionsCommand, type EC2Client, type TrafficMirrorSession } from '@aws-sdk/client-ec2';
import type { DesiredSession } from '../../core/types/plan.js';
import { renumberedToken } from '../../planfile/tokens.js';
import { ActionFailure, failure, type ActionContext } from './action-context.js';
import { createConfirmed, type CreateSpec, type Describe } from './replay.js';
import { singleAttempt } from './single-attempt.js';

const MAX_SESSION_NUMBER = 32_766;
const WAIT_BASE_MS = 250;
// Renumbering more often than this means the interface is changing under us faster than we can read it.
const MAX_RENUMBERS = 5;

export interface SessionCreate {
  readonly desired: DesiredSession;
  readonly targetId: string;
  readonly filterId: string;
}

export async function createSession<T>(
  ctx: ActionContext,
  create: SessionCreate,
  clientToken: string,
  spec: (sessionNumber: number) => CreateSpec<T>,
): Promise<string> {
  let number = create.desired.sessionNumber;
  let token = clientToken;
  let renumbers = 0;
  let waits = 0;
  let waitingSince: number | undefined;
  for (;;) {
    try {
      return await createConfirmed(ctx, token, spec(number));
    } catch (error) {
      if (!isNumberConflict(error)) throw error;
      const sessions = await sessionsOn(ctx, create.desired.networkInterfaceId);
      const equivalent = sessions.find((session) => isEquivalent(session, create));
      if (equivalent?.TrafficMirrorSessionId !== undefined) {
        ctx.doneByAnotherRun(equivalent.TrafficMirrorSessionId);
        return equivalent.TrafficMirrorSessionId;
      }
      const holder = sessions.find((session) => session.SessionNumber === number);
      if (holder !== undefined) {
        if (sameKey(holder, create.desired)) throw changedElsewhere(create.desired, holder);
        const free = nextFreeNumber(sessions, number);
        renumbers += 1;
        if (free === undefined || renumbers > MAX_RENUMBERS) throw conflict(create.desired, number, error);
        number = free;
        // Derived from the first token and the number only, so runs that renumber alike still share one.
        token = renumberedToken(clientToken, number);
        continue;
      }
      waits += 1;
      waitingSince ??= ctx.now();
      const waitedMs = ctx.now() - waitingSince;
      if (waitedMs >= ctx.consistencyWindowMs) throw conflict(create.desired, number, error);
      await ctx.pause(Math.min(WAIT_BASE_MS * 2 ** (waits - 1), ctx.consistencyWindowMs - waitedMs));
    }
  }
}

/** EC2 does not document this answer [unverified]: InvalidParameterValue whose message names the number. */
export function isNumberConflict(error: unknown): error is ActionFailure {
  return (
    error instanceof ActionFailure &&
    error.error.code === 'InvalidParameterValue' &&
    /session number \d+ is already (used|in use)/i.test(error.error.message)
  );
}

async function sessionsOn(ctx: ActionContext, eniId: string): Promise<TrafficMirrorSession[]> {
  const sessions: TrafficMirrorSession[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ctx.call({
      operation: 'DescribeTrafficMirrorSessions',
      references: [],
      read: true,
      send: (ec2: EC2Client) =>
        ec2.send(
          singleAttempt(
            new DescribeTrafficMirrorSessionsCommand({
              Filters: [{ Name: 'network-interface-id', Values: [eniId] }],
              ...(nextToken === undefined ? {} : { NextToken: nextToken }),
            }),
          ),
        ),
    });
    sessions.push(...(page.TrafficMirrorSessions ?? []));
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return sessions;
}

function tagsOf(session: TrafficMirrorSession): Map<string, string> {
  return new Map((session.Tags ?? []).flatMap((tag) => (tag.Key === undefined ? [] : [[tag.Key, tag.Value ?? '']])));
}

/** Carries every tag this create would put on it, so it is this policy's session for this key. */
function sameKey(session: TrafficMirrorSession, desired: DesiredSession): boolean {
  const tags = tagsOf(session);
  return Object.entries(desired.tags).every(([key, value]) => tags.get(key) === value);
}

function isEquivalent(session: TrafficMirrorSession, create: SessionCreate): boolean {
  return (
    sameKey(session, create.desired) &&
    session.TrafficMirrorTargetId === create.targetId &&
    session.TrafficMirrorFilterId === create.filterId
  );
}

/** The lowest number above `taken` that no session on the interface uses (numbers are priorities there). */
function nextFreeNumber(sessions: readonly TrafficMirrorSession[], taken: number): number | undefined {
  const used = new Set(sessions.map((session) => session.SessionNumber));
  for (let number = taken + 1; number <= MAX_SESSION_NUMBER; number += 1) if (!used.has(number)) return number;
  return undefined;
}

function conflict(desired: DesiredSession, number: number, error: ActionFailure): ActionFailure {
  return failure(
    'SessionNumberConflict',
    `session number ${number} stayed taken on ${desired.networkInterfaceId}: ${error.error.message}`,
  );
}

function changedElsewhere(desired: DesiredSession, holder: TrafficMirrorSession): ActionFailure {
  return failure(
    'ChangedByAnotherRun',
    `${holder.TrafficMirrorSessionId ?? 'a session'} on ${desired.networkInterfaceId} already carries this ` +
      "policy's key with another target or filter",
  );
}

export const describeSession: Describe = {
  operation: 'DescribeTrafficMirrorSessions',
  lists: async (ec2, id) => {
    const output = await ec2.send(
      singleAttempt(new DescribeTrafficMirrorSessionsCommand({ TrafficMirrorSessionIds: [id] })),
    );
    return (output.TrafficMirrorSessions ?? []).some((session) => session.TrafficMirrorSessionId === id);
  },
};
