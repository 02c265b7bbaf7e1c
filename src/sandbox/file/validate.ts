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
  if (issue.code === 'invalid_type' && key !== undefined && data !== undefined && !hasPath(data, issue.path)) {
    return `missing required key ${quote(String(key))} (${issue.expected})`;
  }
  return issue.message;
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
