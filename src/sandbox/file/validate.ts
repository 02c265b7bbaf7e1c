/** Validation of a sandbox file already in memory (no source text, so issues are reported by path). */
import type { z } from 'zod';
import { UserError } from '../../core/errors.js';
import { sandboxFileSchema } from './schema.js';
import type { SandboxFile } from './types.js';
import { quote } from '../../policy/quote.js';

export const MAX_REPORTED_ISSUES = 20;

const issuePath = (path: readonly PropertyKey[]): string =>
  path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '') || '(root)';

function hasPath(data: unknown, path: readonly PropertyKey[]): boolean {
  let value = data;
  for (const part of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return false;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return true;
}

/** A zod issue in the words the policy loader uses ("unknown key", "missing required key"), not "Invalid input". */
export function describeIssue(issue: z.core.$ZodIssue, data?: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map(quote).join(', ');
    return `unknown key${issue.keys.length === 1 ? '' : 's'} ${keys} (not part of the sandbox file format)`;
  }
  if (issue.path.length === 0 && data === null) return 'the file is empty: a sandbox account needs version, accountId and regions';
  const key = issue.path.at(-1);
  // A missing key fails as whatever its schema is (a literal, an enum): name it as missing, whatever the code.
  if (key !== undefined && data !== undefined && !hasPath(data, issue.path) && hasPath(data, issue.path.slice(0, -1))) {
    return `missing required key ${quote(String(key))}${expectedOf(issue)}`;
  }
  if (issue.code === 'invalid_value') return `${issue.message.replace(/^Invalid (option|input): expected/, 'expected')}`;
  return issue.message;
}

/** What the missing key should hold, in the words of the policy loader: " (string)", " (one of \"a\", \"b\")". */
function expectedOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return ` (${issue.expected})`;
  if (issue.code === 'invalid_value') {
    const values = issue.values.map((value) => JSON.stringify(value));
    return values.length === 1 ? ` (${values[0] ?? ''})` : ` (one of ${values.join(', ')})`;
  }
  return '';
}

export function validateSandboxFile(data: unknown, source = 'sandbox file'): SandboxFile {
  const result = sandboxFileSchema.safeParse(data);
  if (result.success) return result.data;
  const lines = result.error.issues
    .slice(0, MAX_REPORTED_ISSUES)
    .map((issue) => `${source}: ${issuePath(issue.path)}: ${describeIssue(issue, data)}`);
  throw new UserError(`Invalid sandbox account:\n  ${lines.join('\n  ')}`, {
    hint: 'See examples/sandbox/demo-account.yaml for the sandbox file format.',
  });
}
