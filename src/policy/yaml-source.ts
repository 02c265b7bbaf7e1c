/** The YAML layer of loading: bytes-level sanity, syntax, aliases, and the root's shape. */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Alias, type Document, type YAMLError } from 'yaml';
import { positionIn, type Diagnostic, type Range } from './diagnostic.js';
import { SourceLocator } from './locate.js';
import { quote } from './quote.js';

export interface ParsedYaml {
  /** Present when the document can be validated: no fatal problem found. */
  readonly value?: Record<string, unknown>;
  readonly locator?: SourceLocator;
  readonly diagnostics: Diagnostic[];
}

/** yaml's default too; stated here because it is our defence against "billion laughs" documents. */
const MAX_ALIAS_COUNT = 100;

const HINTS: Readonly<Record<string, string>> = {
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs there',
  BAD_INDENT: 'check the indentation here, and that every "[" and "{" before it is closed',
  MULTIPLE_DOCS: 'a policy is one YAML document: remove the "---" separator and what follows, or merge them',
  MISSING_CHAR: 'a quote or bracket is not closed',
};
const INDENT_HINT = 'check the indentation of this line and the next: keys of one mapping line up, nested ones go deeper';

export function parseYaml(text: string, file: string): ParsedYaml {
  const problem = (code: string, message: string, hint: string, range?: Range): Diagnostic => ({
    severity: 'error',
    code,
    message,
    hint,
    file,
    ...(range === undefined ? {} : { range }),
  });
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const at = { start: positionIn(text, nul), end: positionIn(text, nul + 1) };
    return { diagnostics: [problem('binary-input', 'this is not a text file (it contains a NUL byte)', 'a policy is a UTF-8 YAML file', at)] };
  }
  if (text.trim() === '') {
    const hint = 'start from one of the policies in examples/, beginning with "version: 1"';
    return { diagnostics: [problem('empty-file', 'the policy file is empty', hint)] };
  }

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locator = new SourceLocator(doc, lineCounter);
  // yaml often reports one mistake several times at the same spot; the first report is the clearest.
  const errors = doc.errors.filter(
    (yamlError, index) => doc.errors.findIndex((other) => other.pos[0] === yamlError.pos[0]) === index,
  );
  const diagnostics: Diagnostic[] = errors.map((yamlError) => {
    const [start, end] = yamlError.pos;
    const duplicate = yamlError.code === 'DUPLICATE_KEY';
    const hint = duplicate ? 'a key may appear only once in a mapping: remove or rename one' : (HINTS[yamlError.code] ?? INDENT_HINT);
    return {
      severity: 'error',
      code: duplicate ? 'duplicate-key' : 'yaml-syntax',
      message: duplicate ? `duplicate key ${quote(keyAt(doc, start) ?? text.slice(start, end))}` : syntaxMessage(yamlError),
      ...(hint === undefined ? {} : { hint }),
      file,
      range: locator.rangeOf(start, end),
    };
  });
  for (const warning of doc.warnings) {
    const range = locator.rangeOf(warning.pos[0], warning.pos[1]);
    diagnostics.push({ severity: 'warning', code: 'yaml-warning', message: warning.message, file, range });
  }
  // A syntax error can leave a misleading tree; duplicate keys alone still leave a sound one to validate.
  if (diagnostics.some((d) => d.severity === 'error' && d.code !== 'duplicate-key')) return { diagnostics };

  const root = doc.contents;
  if (root === null) {
    diagnostics.push(problem('empty-file', 'the policy file has no content, only comments', 'start with "version: 1"'));
    return { diagnostics };
  }
  if (!isMap(root)) {
    const found = isSeq(root) ? 'a list' : isScalar(root) ? `the value ${describeScalar(root.toJSON())}` : 'something else';
    const start = root.range?.[0] ?? 0;
    diagnostics.push(
      problem(
        'root-not-mapping',
        `the policy must be a mapping of keys (version, name, regions, …), but this file holds ${found}`,
        'see examples/ for the layout of a policy',
        locator.rangeOf(start, start + 1),
      ),
    );
    return { diagnostics };
  }

  const converted = toJsGuarded(doc, locator, file);
  if ('diagnostics' in converted) return { diagnostics: [...diagnostics, ...converted.diagnostics] };
  return { value: converted.value as Record<string, unknown>, locator, diagnostics };
}

/**
 * The document as plain data, unless its aliases name no anchor or expand beyond the limit ("billion
 * laughs"): then located errors. Every YAML file mirrorctl reads goes through here (policies, sandbox files).
 */
export function toJsGuarded(doc: Document, locator: SourceLocator, file: string): { value: unknown } | { diagnostics: Diagnostic[] } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch {
    return { diagnostics: aliasProblems(doc, locator, file) };
  }
}

const describeScalar = (value: unknown): string => (typeof value === 'string' ? quote(value) : JSON.stringify(value));

/** yaml's messages, except where they address programmers rather than policy authors. */
function syntaxMessage(yamlError: YAMLError): string {
  return yamlError.code === 'MULTIPLE_DOCS' ? 'the file holds several YAML documents separated by "---"' : yamlError.message;
}

function keyAt(doc: Document, offset: number): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.range?.[0] === offset) {
        found = String(pair.key.value);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** toJS only fails on aliases: either one names no anchor, or together they expand too much. */
function aliasProblems(doc: Document, locator: SourceLocator, file: string): Diagnostic[] {
  const aliases: Alias[] = [];
  visit(doc, {
    Alias(_, alias) {
      aliases.push(alias);
    },
  });
  const at = (alias: Alias | undefined) => {
    const range = alias?.range;
    return range ? { range: locator.rangeOf(range[0], range[1]) } : {};
  };
  const unresolved = aliases.filter((alias) => alias.resolve(doc) === undefined);
  if (unresolved.length > 0) {
    return unresolved.map((alias) => ({
      severity: 'error',
      code: 'unresolved-alias',
      message: `alias *${alias.source} refers to no anchor`,
      hint: `define &${alias.source} before this point`,
      file,
      ...at(alias),
    }));
  }
  return [
    {
      severity: 'error',
      code: 'alias-limit',
      message: `the aliases in this file expand beyond the limit of ${MAX_ALIAS_COUNT}`,
      hint: 'this looks like a "billion laughs" document; write the values out instead of nesting aliases',
      file,
      ...at(aliases[0]),
    },
  ];
}
