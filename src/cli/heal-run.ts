/**
 * `mirrorctl heal`: reads one event, runs the heal use case on it, and prints what the healer decided and did
 * as the Lambda handler logs it: one JSON line per message on stdout (level, message, then the fields), so a
 * user can replay a real event from their account before deploying and compare the lines. Exit 0 when every
 * item was healed or ignored, 1 when one failed or would be delivered again.
 */
import { openAccount, saveSandbox } from '../app/account.js';
import { createHealer, messageLevel, type HealHost } from '../app/heal/index.js';
import { parseInvocation } from '../events/index.js';
import { UserError } from '../core/errors.js';
import { describeFileProblem, readRegularFile } from '../files/read-regular-file.js';
import { accountOptions } from './account-options.js';
import { refuseBundledDemo } from './apply-run.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import type { HealArgs } from './commands/heal.js';
import { trapInterrupts } from './interrupt.js';
import { policyFileFor } from './policy-path.js';

/** An SQS batch holds at most 10 messages of at most 256 KiB. */
const MAX_EVENT_BYTES = 4 << 20;

async function readEvent(path: string, context: CliContext): Promise<unknown> {
  let text: string;
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of context.io.stdin) chunks.push(Buffer.from(chunk as Buffer));
    text = Buffer.concat(chunks).toString('utf8');
  } else {
    const read = await readRegularFile(path, MAX_EVENT_BYTES);
    if ('problem' in read) throw new UserError(`cannot read ${path}: ${describeFileProblem(read.problem, String)}`);
    text = read.bytes.toString('utf8');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const where = path === '-' ? 'standard input' : path;
    throw new UserError(`${where} is not JSON: ${(error as Error).message}`, {
      hint: 'pass the event as EventBridge delivers it (see examples/events/)',
    });
  }
}

function jsonLines(context: CliContext): HealHost {
  return {
    emit(message) {
      const { type, ...fields } = message;
      // The levels the Lambda edge logs with, so the lines read the same.
      const level = messageLevel(message).toUpperCase();
      context.io.stdout.write(`${JSON.stringify({ level, message: type, timestamp: new Date().toISOString(), ...fields })}\n`);
    },
  };
}

export async function runHeal(args: HealArgs, context: CliContext): Promise<ExitCode> {
  const event = await readEvent(args.event, context);
  const account = await openAccount(accountOptions(args));
  refuseBundledDemo(account);
  const interrupt = trapInterrupts(context);
  const region = args.region?.[0];
  const healer = createHealer({
    account,
    policySource: { kind: 'file', path: policyFileFor(args.config, context.io) },
    ...(region === undefined ? {} : { defaultRegion: region }),
    signal: interrupt.signal,
    abandon: interrupt.abandon,
  });
  const invocation = parseInvocation(event);
  const items = invocation.kind === 'single' ? [invocation.item] : invocation.items;
  try {
    const verdicts = await healer.heal(items, jsonLines(context));
    const unhealed = verdicts.filter((verdict) => verdict.verdict === 'retry' || verdict.verdict === 'failed');
    return unhealed.length === 0 ? ExitCode.Ok : ExitCode.Error;
  } finally {
    interrupt.dispose();
    await saveSandbox(account);
  }
}
