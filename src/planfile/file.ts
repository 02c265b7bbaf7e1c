/**
 * Reading and writing plan files. Writes are atomic (a temporary file renamed over the target), so an
 * interrupted `plan --out` never leaves half a plan for `apply` to find. Reads trust nothing: every way a
 * file can be wrong becomes a UserError saying what is wrong and what to do.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import type { z } from 'zod';
import { describeFileError, UserError } from '../core/errors.js';
import { describeFileProblem, readRegularFile } from '../files/read-regular-file.js';
import { accountsSavedPlanSchema, type AccountsSavedPlan } from './accounts-plan.js';
import { savedPlanSchema } from './schema.js';
import type { SavedPlan } from './types.js';

const SUPPORTED_FORMAT_VERSION = 1;
const REPLAN_HINT = 'create a new one with `mirrorctl plan --out FILE`';

export async function writePlanFile(path: string, saved: SavedPlan | AccountsSavedPlan): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(saved)}\n`, { encoding: 'utf8', flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new UserError(`Cannot write plan file ${path}: ${describeFileError(error)}`, {
      hint: 'check that its directory exists and is writable',
      cause: error,
    });
  }
}

/** A saved plan of the largest accounts is a few megabytes; a larger file is refused unread. */
export const MAX_PLAN_FILE_BYTES = 64 << 20;

async function readText(path: string): Promise<string> {
  const read = await readRegularFile(path, MAX_PLAN_FILE_BYTES);
  if ('bytes' in read) return read.bytes.toString('utf8');
  const { problem } = read;
  if (problem.kind === 'unreadable' && (problem.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new UserError(`Plan file ${path} does not exist`, { hint: REPLAN_HINT, cause: problem.error });
  }
  const why = describeFileProblem(problem, (error) => (error as Error).message);
  const hint = problem.kind === 'unreadable' ? {} : { hint: `apply takes a file written by \`mirrorctl plan --out FILE\`` };
  throw new UserError(`Cannot read plan file ${path}: ${why}`, {
    ...hint,
    ...(problem.kind === 'unreadable' ? { cause: problem.error } : {}),
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length === 0 ? 'the file' : issue.path.map(String).join('.');
  return `${where}: ${issue.message}`;
}

export async function readPlanFile(path: string): Promise<SavedPlan> {
  const read = await readAnyPlanFile(path);
  if (read.kind === 'accounts') {
    throw new UserError(`${path} is a plan over several accounts`, { hint: 'apply it with `mirrorctl apply FILE`, or show it with `mirrorctl show FILE`' });
  }
  return read.saved;
}

/** A saved plan of one account, or of several (`accounts:` with a role), as `plan --out` wrote it. */
export type AnySavedPlan = { readonly kind: 'account'; readonly saved: SavedPlan } | { readonly kind: 'accounts'; readonly saved: AccountsSavedPlan };

const KINDS: Readonly<Record<string, AnySavedPlan['kind']>> = { 'mirrorctl-plan': 'account', 'mirrorctl-accounts-plan': 'accounts' };

export async function readAnyPlanFile(path: string): Promise<AnySavedPlan> {
  const text = await readText(path);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`Plan file ${path} is corrupt: it is not valid JSON (${(error as Error).message})`, {
      hint: `the file may be truncated; ${REPLAN_HINT}`,
      cause: error,
    });
  }
  const header = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const kind = typeof header['kind'] === 'string' ? KINDS[header['kind']] : undefined;
  if (kind === undefined) {
    throw new UserError(`${path} is not a mirrorctl plan file`, {
      hint: `apply takes a file written by \`mirrorctl plan --out FILE\`; ${REPLAN_HINT}`,
    });
  }
  if (header['formatVersion'] !== SUPPORTED_FORMAT_VERSION) {
    const written = typeof header['mirrorctlVersion'] === 'string' ? ` by mirrorctl ${header['mirrorctlVersion']}` : '';
    throw new UserError(
      `Plan file ${path} has format version ${JSON.stringify(header['formatVersion'])}${written}; ` +
        `this mirrorctl reads format version ${SUPPORTED_FORMAT_VERSION}`,
      { hint: `apply it with the mirrorctl version that wrote it, or ${REPLAN_HINT}` },
    );
  }
  const parsed = kind === 'account' ? savedPlanSchema.safeParse(data) : accountsSavedPlanSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map(describeIssue).join('; ');
    throw new UserError(`Plan file ${path} is corrupt: ${issues}`, { hint: REPLAN_HINT });
  }
  return kind === 'account' ? { kind, saved: parsed.data as SavedPlan } : { kind, saved: parsed.data as AccountsSavedPlan };
}
