/**
 * Creates with content-derived ClientTokens, and the trap they bring: EC2 answers a token it has seen with its
 * first response, even when that resource has since been deleted (a destroy, then the same create again within
 * the token's lifetime). So every create checks that the id it got exists; one that never appears (after the
 * eventual-consistency window) was such a replay, and the create is sent again under the next generation of
 * the token, derived from the replayed id (src/planfile/tokens.ts) so that concurrent runs stay in step.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { nextGenerationToken } from '../../planfile/tokens.js';
import { ActionFailure, failure, type ActionContext } from './action-context.js';
import { isAuthCode } from './classify.js';

export interface CreateSpec<T> {
  readonly operation: string;
  /** What the create makes, for messages: "session", "filter"… */
  readonly noun: string;
  readonly references: readonly string[];
  readonly send: (ec2: EC2Client, clientToken: string) => Promise<T>;
  readonly idOf: (output: T) => string | undefined;
  /** The Describe by id that tells whether the resource exists. */
  readonly describe: Describe;
}

export interface Describe {
  readonly operation: string;
  /** Whether `id` is listed; a NotFound error means it is not (yet) there. */
  readonly lists: (ec2: EC2Client, id: string) => Promise<boolean>;
}

// Each generation costs a create and a consistency window; a chain this long means something else is wrong.
const MAX_GENERATIONS = 5;

/** Sends the create, generation after generation, until it answers with a resource that exists. */
export async function createConfirmed<T>(ctx: ActionContext, clientToken: string, spec: CreateSpec<T>): Promise<string> {
  let token = clientToken;
  for (let generation = 1; ; generation += 1) {
    const output = await ctx.call({
      operation: spec.operation,
      references: spec.references,
      send: (ec2) => spec.send(ec2, token),
    });
    const id = ctx.returnedId(spec.idOf(output), spec.operation, spec.noun);
    ctx.answered(id);
    if (await exists(ctx, spec.describe, id)) return id;
    ctx.forget(id);
    if (generation >= MAX_GENERATIONS) {
      throw failure(
        'ReplayedDeletedResource',
        `${spec.operation} answered ${generation} times with a ${spec.noun} that no longer exists (last ${id})`,
      );
    }
    token = nextGenerationToken(token, id);
  }
}

/** Whether `id` can be read back, waiting out eventual consistency for as long as NotFound on a new id is retried. */
export async function exists(ctx: ActionContext, describe: Describe, id: string): Promise<boolean> {
  // A stopped apply lets the create in flight finish and starts nothing more: the next run, planning from
  // what exists, meets an unnoticed replay again and checks it then.
  if (ctx.stopped()) return true;
  try {
    await ctx.call({
      operation: describe.operation,
      references: [id],
      read: true,
      send: async (ec2) => {
        if (!(await describe.lists(ec2, id))) throw notListed(id);
      },
    });
    return true;
  } catch (error) {
    if (error instanceof ActionFailure && error.error.code.endsWith('.NotFound')) return false;
    // The create was answered; only its check was refused, and the apply stops now. The next run, planning
    // from what exists, meets an unnoticed replay again and checks it then.
    if (error instanceof ActionFailure && isAuthCode(error.error.code)) return true;
    throw error;
  }
}

const NOT_FOUND_CODES: Readonly<Record<string, string>> = {
  tms: 'InvalidTrafficMirrorSessionId.NotFound',
  tmt: 'InvalidTrafficMirrorTargetId.NotFound',
  tmf: 'InvalidTrafficMirrorFilterId.NotFound',
  tmfr: 'InvalidTrafficMirrorFilterRuleId.NotFound',
};

/** An empty answer to a Describe by id means what AWS's NotFound means, and is retried the same way. */
function notListed(id: string): Error {
  const error = new Error(`The ID '${id}' does not exist`);
  error.name = NOT_FOUND_CODES[id.slice(0, id.indexOf('-'))] ?? 'InvalidID.NotFound';
  return error;
}
