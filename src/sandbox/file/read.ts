/**
 * Reading sandbox files (YAML or JSON). Every problem is reported as file:line:column, from the YAML
 * parser's own positions or by mapping a zod issue's path back to its node in the document.
 */
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { describeFileError, UserError, type SourceLocation } from '../../core/errors.js';
import { describeFileProblem, formatSize, readRegularFile, type FileProblem } from '../../files/read-regular-file.js';
import type { Diagnostic } from '../../policy/diagnostic.js';
import { SourceLocator } from '../../policy/locate.js';
import { decodeUtf8 } from '../../policy/utf8.js';
import { toJsGuarded } from '../../policy/yaml-source.js';
import { sandboxFileSchema } from './schema.js';
import type { SandboxFile } from './types.js';
import { describeIssue, MAX_REPORTED_ISSUES } from './validate.js';

interface Located {
  readonly location: SourceLocation;
  readonly message: string;
}

const HINT = 'See examples/sandbox/demo-account.yaml for the sandbox file format.';

/** Generated accounts of 100,000 interfaces fit well within this; a larger file is refused unread. */
export const MAX_SANDBOX_BYTES = 64 << 20;

function fail(file: string, problems: readonly Located[], hint = HINT): never {
  const shown = problems.slice(0, MAX_REPORTED_ISSUES);
  const lines = shown.map(({ location, message }) => `${location.file}:${location.line}:${location.column}: ${message}`);
  const more = problems.length > shown.length ? [`… and ${problems.length - shown.length} more`] : [];
  const first = shown[0];
  throw new UserError(`Invalid sandbox file ${file}:\n  ${[...lines, ...more].join('\n  ')}`, {
    hint,
    ...(first && { location: first.location }),
  });
}

/** The offset of the node an issue points at, or of its nearest existing ancestor. */
function issueOffset(document: Document, issue: z.core.$ZodIssue): number {
  const path = [...issue.path] as (string | number)[];
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    if (!isNode(node) || !node.range) continue;
    if (issue.code === 'unrecognized_keys' && length === path.length && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && issue.keys.includes(String(item.key.value)));
      if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
    }
    return node.range[0];
  }
  return 0;
}

export function parseSandboxFile(text: string, file: string): SandboxFile {
  const lineCounter = new LineCounter();
  const locate = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  let data: unknown;
  let document: Document | undefined;
  try {
    // JSON is the common format for large generated accounts: parse it fast, locate problems only on failure.
    data = file.toLowerCase().endsWith('.json') ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (data === undefined) {
    document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    if (document.errors.length > 0) {
      fail(file, document.errors.map((error) => ({ location: locate(error.pos[0]), message: error.message.split('\n')[0] ?? error.code })));
    }
    const converted = toJsGuarded(document, new SourceLocator(document, lineCounter), file);
    if ('diagnostics' in converted) fail(file, converted.diagnostics.map(locatedIn(file)), converted.diagnostics[0]?.hint);
    data = converted.value;
  }
  const result = sandboxFileSchema.safeParse(data);
  if (result.success) return result.data;
  if (!document) {
    document = parseDocument(text, { lineCounter });
  }
  const located = document;
  fail(
    file,
    result.error.issues.map((issue) => ({ location: locate(issueOffset(located, issue)), message: describeIssue(issue, data) })),
  );
}

const locatedIn =
  (file: string) =>
  (diagnostic: Diagnostic): Located => ({
    location: { file, line: diagnostic.range?.start.line ?? 1, column: diagnostic.range?.start.column ?? 1 },
    message: diagnostic.message,
  });

export async function readSandboxFile(path: string): Promise<SandboxFile> {
  const read = await readRegularFile(path, MAX_SANDBOX_BYTES);
  if ('problem' in read) {
    const { problem } = read;
    throw new UserError(`cannot read the sandbox file ${path}: ${describeFileProblem(problem, describeFileError)}`, {
      hint: readHint(problem),
      ...(problem.kind === 'unreadable' ? { cause: problem.error } : {}),
    });
  }
  // Strictly: a file decoded leniently is written back after apply with U+FFFD in place of its characters.
  const decoded = decodeUtf8(read.bytes);
  if ('invalidAt' in decoded) {
    const { line, column } = decoded.invalidAt;
    const problem = { location: { file: path, line, column }, message: 'the file is not valid UTF-8' };
    fail(path, [problem], 'save the sandbox file as UTF-8 (the character here cannot be decoded)');
  }
  return parseSandboxFile(decoded.text, path);
}

function readHint(problem: FileProblem): string {
  if (problem.kind === 'too-large') {
    return `a sandbox file may hold at most ${formatSize(MAX_SANDBOX_BYTES)}; generate a smaller account with \`mirrorctl sandbox generate\``;
  }
  if (problem.kind === 'unreadable' && (problem.error as NodeJS.ErrnoException).code === 'ENOENT') {
    return 'check the --sandbox path; start from a copy of examples/sandbox/demo-account.yaml, or write one with `mirrorctl discover --out FILE`';
  }
  return 'point --sandbox at a sandbox file (YAML or JSON)';
}
