/** Loading a policy file: read, parse, validate, normalise, with every problem located in the source. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Policy } from '../core/types/policy.js';
import { countErrors, positionIn, type Diagnostic } from './diagnostic.js';
import { issuesToDiagnostics } from './issues.js';
import { normalisePolicy } from './normalise.js';
import { PolicyError } from './policy-error.js';
import { policySchema } from './schema.js';
import { policyWarnings } from './warnings.js';
import { parseYaml } from './yaml-source.js';

export type { Diagnostic, Position, Range } from './diagnostic.js';
export { PolicyError, isPolicyError } from './policy-error.js';

export interface LoadResult {
  /** Set only when there are no errors. */
  policy?: Policy;
  diagnostics: Diagnostic[];
  /** The decoded text, when the file could be read as text. */
  source?: string;
}

export function loadPolicyFromString(text: string, file: string): LoadResult {
  const parsed = parseYaml(text, file);
  if (parsed.value === undefined || parsed.locator === undefined) {
    return { diagnostics: sortByPosition(parsed.diagnostics), source: text };
  }
  const result = policySchema.safeParse(parsed.value, { reportInput: true });
  const diagnostics = sortByPosition([
    ...parsed.diagnostics,
    ...(result.success ? [] : issuesToDiagnostics(result.error.issues, policySchema, parsed.locator, file)),
    ...policyWarnings(parsed.value, parsed.locator, file),
  ]);
  if (!result.success || countErrors(diagnostics) > 0) return { diagnostics, source: text };
  return { policy: normalisePolicy(result.data), diagnostics, source: text };
}

export async function loadPolicyFile(file: string): Promise<LoadResult> {
  const read = await readBytes(file);
  if ('diagnostic' in read) return { diagnostics: [read.diagnostic] };
  return loadBytes(read.bytes, file);
}

export async function loadPolicyOrThrow(file: string): Promise<{ policy: Policy; warnings: Diagnostic[]; hash: string }> {
  const read = await readBytes(file);
  if ('diagnostic' in read) throw new PolicyError(file, [read.diagnostic]);
  const result = loadBytes(read.bytes, file);
  if (result.policy === undefined) throw new PolicyError(file, result.diagnostics, result.source);
  return {
    policy: result.policy,
    warnings: result.diagnostics.filter((d) => d.severity === 'warning'),
    hash: createHash('sha256').update(read.bytes).digest('hex'),
  };
}

function loadBytes(bytes: Uint8Array, file: string): LoadResult {
  const nul = bytes.indexOf(0);
  if (nul < 0) {
    try {
      return loadPolicyFromString(new TextDecoder('utf-8', { fatal: true }).decode(bytes), file);
    } catch {
      const lenient = new TextDecoder('utf-8').decode(bytes);
      const at = positionIn(lenient, Math.max(lenient.indexOf('\uFFFD'), 0));
      return {
        diagnostics: [
          {
            severity: 'error',
            code: 'invalid-encoding',
            message: 'the file is not valid UTF-8',
            hint: 'save the policy as UTF-8 (the character here cannot be decoded)',
            file,
            range: { start: at, end: { ...at, column: at.column + 1, offset: at.offset + 1 } },
          },
        ],
        source: lenient,
      };
    }
  }
  // Decode leniently only to place the NUL; binary content is never validated.
  return loadPolicyFromString(new TextDecoder('utf-8').decode(bytes.subarray(0, nul + 1)), file);
}

async function readBytes(file: string): Promise<{ bytes: Uint8Array } | { diagnostic: Diagnostic }> {
  try {
    return { bytes: await readFile(file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const [diagnosticCode, message, hint] =
      code === 'ENOENT'
        ? ['file-not-found', `cannot read ${file}: no such file`, 'create it (see examples/), or point --config at your policy']
        : code === 'EISDIR'
          ? ['file-unreadable', `cannot read ${file}: it is a directory`, 'point --config at the policy file inside it']
          : code === 'EACCES' || code === 'EPERM'
            ? ['file-unreadable', `cannot read ${file}: permission denied`, 'check the file permissions']
            : ['file-unreadable', `cannot read ${file}: ${(error as Error).message}`, undefined];
    return {
      diagnostic: { severity: 'error', code: diagnosticCode, message, ...(hint === undefined ? {} : { hint }), file },
    };
  }
}

function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((diagnostic, index) => ({ diagnostic, index }))
    .sort((a, b) => (a.diagnostic.range?.start.offset ?? -1) - (b.diagnostic.range?.start.offset ?? -1) || a.index - b.index)
    .map(({ diagnostic }) => diagnostic);
}
