/** Validation of a sandbox file already in memory (no source text, so issues are reported by path). */
import type { z } from 'zod';
import { UserError } from '../../core/errors.js';
import { sandboxFileSchema } from './schema.js';
import type { SandboxFile } from './types.js';

export const MAX_REPORTED_ISSUES = 20;

const issuePath = (path: readonly PropertyKey[]): string =>
  path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '') || '(root)';

export function describeIssue(issue: z.core.$ZodIssue): string {
  return issue.code === 'unrecognized_keys' ? `${issue.message} (not part of the sandbox file format)` : issue.message;
}

export function validateSandboxFile(data: unknown, source = 'sandbox file'): SandboxFile {
  const result = sandboxFileSchema.safeParse(data);
  if (result.success) return result.data;
  const lines = result.error.issues
    .slice(0, MAX_REPORTED_ISSUES)
    .map((issue) => `${source}: ${issuePath(issue.path)}: ${describeIssue(issue)}`);
  throw new UserError(`Invalid sandbox account:\n  ${lines.join('\n  ')}`, {
    hint: 'See examples/sandbox/demo-account.yaml for the sandbox file format.',
  });
}
