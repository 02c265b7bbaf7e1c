/** The CLI's one error boundary: user errors are short and located; anything else is a bug. */
import { isUserError } from '../core/errors.js';
import { toReadableAwsError } from '../aws/read-errors.js';
import { isPolicyError } from '../policy/policy-error.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { formatCounts, formatDiagnostics, terminalSafe } from './format-diagnostics.js';

export function reportError(thrown: unknown, context: CliContext): ExitCode {
  const { io, colors: c, debug } = context;
  // An SDK or network error that reached here unmapped is still the account's or endpoint's, not a bug.
  const error = isPolicyError(thrown) ? thrown : toReadableAwsError(thrown);
  if (isPolicyError(error)) {
    io.stderr.write(formatDiagnostics(error.diagnostics, error.source, c) + formatCounts(error.diagnostics));
    return ExitCode.Error;
  }
  if (isUserError(error)) {
    const location = error.location;
    const where = location === undefined ? 'mirrorctl' : `${location.file}:${location.line}:${location.column}`;
    io.stderr.write(`${c.bold(terminalSafe(where))}: ${c.red(c.bold('error'))}: ${safeLines(error.message)}\n`);
    if (error.hint !== undefined) io.stderr.write(`  ${c.cyan('hint')}: ${safeLines(error.hint)}\n`);
    if (debug && error.cause !== undefined) io.stderr.write(`${c.dim(describeCause(error.cause))}\n`);
    return ExitCode.Error;
  }
  const bug = error instanceof Error ? error : new Error(String(error));
  io.stderr.write(`mirrorctl: ${c.red(c.bold('internal error'))}: ${safeLines(bug.message)}\n`);
  if (debug) {
    io.stderr.write(`${c.dim(bug.stack ?? bug.message)}\n`);
    if (bug.cause !== undefined) io.stderr.write(`${c.dim(`caused by: ${describeCause(bug.cause)}`)}\n`);
  } else {
    io.stderr.write(`  ${c.cyan('hint')}: this is a bug in mirrorctl; rerun with --debug to see the stack trace and report it\n`);
  }
  return ExitCode.Error;
}

/** User errors may quote the user's files (sandbox errors list one problem a line): each line made safe. */
const safeLines = (text: string): string => text.split('\n').map(terminalSafe).join('\n');

const describeCause = (cause: unknown): string => (cause instanceof Error ? (cause.stack ?? cause.message) : String(cause));
