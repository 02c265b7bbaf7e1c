/** Loading a policy file: read, parse, validate, normalise, with every problem located in the source. */
import { createHash } from 'node:crypto';
import { describeFileError } from '../core/errors.js';
import type { Policy } from '../core/types/policy.js';
import { describeFileProblem, readRegularFile, type FileProblem } from '../files/read-regular-file.js';
import { countErrors, type Diagnostic } from './diagnostic.js';
import { issuesToDiagnostics } from './issues.js';
import { normalisePolicy } from './normalise.js';
import { PolicyError } from './policy-error.js';
import { policySchema } from './schema.js';
import { decodeUtf8 } from './utf8.js';
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
  return loadPolicyBytesOrThrow(read.bytes, file);
}

/** A policy read from elsewhere than a file (an S3 object, an SSM parameter), named `origin` in diagnostics. */
export function loadPolicyBytesOrThrow(bytes: Uint8Array, origin: string): { policy: Policy; warnings: Diagnostic[]; hash: string } {
  const result = loadBytes(bytes, origin);
  if (result.policy === undefined) throw new PolicyError(origin, result.diagnostics, result.source);
  return {
    policy: result.policy,
    warnings: result.diagnostics.filter((d) => d.severity === 'warning'),
    hash: createHash('sha256').update(bytes).digest('hex'),
  };
}

function loadBytes(bytes: Uint8Array, file: string): LoadResult {
  const nul = bytes.indexOf(0);
  if (nul < 0) {
    const decoded = decodeUtf8(bytes);
    if ('text' in decoded) return loadPolicyFromString(decoded.text, file);
    const at = decoded.invalidAt;
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
      source: decoded.lenient,
    };
  }
  // Decode leniently only to place the NUL; binary content is never validated.
  return loadPolicyFromString(new TextDecoder('utf-8').decode(bytes.subarray(0, nul + 1)), file);
}

/** A policy is a short text; anything larger is not one (or is an attack), and is refused unread. */
export const MAX_POLICY_BYTES = 1 << 20;

async function readBytes(file: string): Promise<{ bytes: Uint8Array } | { diagnostic: Diagnostic }> {
  const read = await readRegularFile(file, MAX_POLICY_BYTES);
  if ('bytes' in read) return read;
  const [code, hint] = problemDetails(read.problem);
  const message = `cannot read ${file}: ${describeFileProblem(read.problem, describeReadError)}`;
  return { diagnostic: { severity: 'error', code, message, ...(hint === undefined ? {} : { hint }), file } };
}

const describeReadError = (error: unknown): string =>
  (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : describeFileError(error);

function problemDetails(problem: FileProblem): [code: string, hint: string | undefined] {
  if (problem.kind === 'too-large') return ['file-too-large', 'point --config at the policy file; a policy is a YAML text of a few kilobytes'];
  if (problem.kind === 'not-regular') {
    return ['file-unreadable', problem.what === 'a directory' ? 'point --config at the policy file inside it' : 'point --config at a policy file'];
  }
  const code = (problem.error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return [
      'file-not-found',
      'create it (see examples/), or point --config or MIRRORCTL_CONFIG at your policy; without them mirrorctl ' +
        'uses the nearest mirror.config.yaml in this directory or a parent',
    ];
  }
  if (code === 'EISDIR') return ['file-unreadable', 'point --config at the policy file inside it'];
  if (code === 'EACCES' || code === 'EPERM') return ['file-unreadable', 'check the file permissions'];
  return ['file-unreadable', undefined];
}

function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((diagnostic, index) => ({ diagnostic, index }))
    .sort((a, b) => (a.diagnostic.range?.start.offset ?? -1) - (b.diagnostic.range?.start.offset ?? -1) || a.index - b.index)
    .map(({ diagnostic }) => diagnostic);
}
