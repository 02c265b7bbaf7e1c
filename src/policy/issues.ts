/** Turns zod issues into located diagnostics with stable codes, plain-language messages and hints. */
import * as z from 'zod';
import type { Diagnostic } from './diagnostic.js';
import type { SourceLocator } from './locate.js';
import type { IssueParams, Path } from './report.js';
import { didYouMean } from './suggest.js';
import { cut, quote } from './quote.js';

type Issue = z.core.$ZodIssue & { readonly input?: unknown };

interface Located {
  readonly code: string;
  readonly message: string;
  readonly hint?: string | undefined;
  readonly path: Path;
  readonly at?: 'key' | undefined;
}

export function issuesToDiagnostics(
  issues: readonly Issue[],
  schema: z.ZodType,
  locator: SourceLocator,
  file: string,
): Diagnostic[] {
  return issues.flatMap((issue) => explain(issue, [], schema)).map((found) => {
    const range = locator.locate(found.path, found.at);
    return {
      severity: 'error' as const,
      code: found.code,
      message: found.message,
      ...(found.hint === undefined ? {} : { hint: found.hint }),
      file,
      ...(range === undefined ? {} : { range }),
    };
  });
}

function explain(issue: Issue, prefix: Path, schema: z.ZodType): Located[] {
  const path: Path = [...prefix, ...(issue.path as (string | number)[])];
  const where = describePath(path) || 'the policy';
  switch (issue.code) {
    case 'custom': {
      const params = (issue.params ?? {}) as Partial<IssueParams>;
      return [{ code: params.code ?? 'invalid', message: issue.message, hint: params.hint, path, at: params.at }];
    }
    case 'unrecognized_keys': {
      const known = knownKeysAt(schema, path);
      return issue.keys.map((key) => ({
        code: 'unknown-key',
        message: `unknown key ${quote(key)}${path.length === 0 ? '' : ` in ${where}`}`,
        hint: didYouMean(key, known) ?? (known.length > 0 ? `allowed keys: ${known.join(', ')}` : undefined),
        path: [...path, key],
        at: 'key' as const,
      }));
    }
    case 'invalid_type': {
      if (issue.input === undefined) {
        const key = String(path[path.length - 1]);
        const parent = describePath(path.slice(0, -1)) || 'the policy';
        return [{ code: 'missing-key', message: `${parent} is missing the required key ${quote(key)}`, path }];
      }
      return [
        {
          code: 'wrong-type',
          message: `${where} must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${describeValue(issue.input)}`,
          hint: typeHint(issue.expected, issue.input),
          path,
        },
      ];
    }
    case 'invalid_value': {
      const values = issue.values.map((value) => JSON.stringify(value));
      const allowed = values.length === 1 ? values[0] : `one of ${values.join(', ')}`;
      return [
        {
          code: 'invalid-value',
          message: `${where} must be ${allowed}, not ${describeValue(issue.input)}`,
          hint: didYouMean(String(issue.input), issue.values.map(String)),
          path,
        },
      ];
    }
    case 'invalid_union': {
      // The branch whose type matched the input explains the problem best; if none did, list the shapes.
      const matching = issue.errors.find((branch) => branch.some((inner) => inner.code !== 'invalid_type' || inner.path.length > 0));
      if (matching !== undefined) return matching.flatMap((inner) => explain(inner, path, schema));
      const expected = issue.errors.flatMap((branch) => branch.map((inner) => (inner.code === 'invalid_type' ? inner.expected : '')));
      const shapes = [...new Set(expected.filter((e) => e !== '').map((e) => EXPECTED[e] ?? e))];
      return [{ code: 'wrong-type', message: `${where} must be ${joinOr(shapes)}, not ${describeValue(issue.input)}`, path }];
    }
    default:
      return [{ code: 'invalid', message: `${where}: ${issue.message}`, path }];
  }
}

const EXPECTED: Readonly<Record<string, string>> = {
  int: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

function typeHint(expected: string, input: unknown): string | undefined {
  if (input === null) return 'the value is empty: give one, or remove the key';
  if (expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')) {
    return `YAML read this as a ${typeof input}; quote it to make it a string: ${quote(String(input))}`;
  }
  if ((expected === 'int' || expected === 'number') && typeof input === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(input)) {
    return `remove the quotes: ${input.trim()}`;
  }
  if (expected === 'array' && (typeof input === 'string' || typeof input === 'number')) {
    return `write a list, e.g. [${cut(String(input))}]`;
  }
  return undefined;
}

function describeValue(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
    case 'number':
      return Number.isInteger(value) ? `the whole number ${value}` : `the number ${value}`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

const joinOr = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? 'something else') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;

/** `vpcs[1].instances.tags`, quoting keys that are not plain words: `targets["my target"]`. */
function describePath(path: Path): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) return index === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(cut(segment))}]`;
    })
    .join('');
}

/** The keys the schema allows at `path`, for "did you mean" on unknown keys. */
function knownKeysAt(schema: z.ZodType, path: Path): string[] {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    current = current === undefined ? undefined : child(unwrap(current), segment);
  }
  const object = current === undefined ? undefined : objectIn(unwrap(current));
  return object === undefined ? [] : Object.keys(object.shape);
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType;
  return current;
}

function objectIn(schema: z.ZodType): z.ZodObject | undefined {
  if (schema instanceof z.ZodObject) return schema;
  if (schema instanceof z.ZodUnion) {
    return (schema.options as z.ZodType[]).map(unwrap).find((option): option is z.ZodObject => option instanceof z.ZodObject);
  }
  return undefined;
}

function child(schema: z.ZodType, segment: string | number): z.ZodType | undefined {
  if (schema instanceof z.ZodArray) return schema.element as z.ZodType;
  if (schema instanceof z.ZodRecord) return schema.valueType as z.ZodType;
  const object = objectIn(schema);
  return object === undefined ? undefined : (object.shape as Record<string, z.ZodType>)[String(segment)];
}
