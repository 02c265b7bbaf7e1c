/**
 * EC2 Describe `Filters`: filters are ANDed, the values of one filter ORed; values may use the `*` and `?`
 * wildcards; `tag:<key>`, `tag-key` and `tag-value` work on any taggable resource. An unknown filter name is
 * rejected the way EC2 rejects it.
 */
import type { TagMap } from '../file/types.js';
import { invalidParameter } from './errors.js';

type Scalar = string | number | boolean | undefined;
export type FilterField<T> = (item: T) => Scalar | readonly Scalar[];
export type FilterFields<T> = Readonly<Record<string, FilterField<T>>>;

export interface DescribeFilter {
  readonly Name?: string | undefined;
  readonly Values?: readonly string[] | undefined;
}

type ValueTest = (value: string) => boolean;

function valueTest(pattern: string): ValueTest {
  if (!/[*?]/.test(pattern)) return (value) => value === pattern;
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const regex = new RegExp(`^${source}$`, 's');
  return (value) => regex.test(value);
}

function anyOf(values: readonly string[]): ValueTest {
  const tests = values.map(valueTest);
  return (value) => tests.some((test) => test(value));
}

function matchesScalars(raw: Scalar | readonly Scalar[], test: ValueTest): boolean {
  const values = Array.isArray(raw) ? raw : [raw];
  return values.some((value: Scalar) => value !== undefined && test(String(value)));
}

export function compileFilters<T>(
  filters: readonly DescribeFilter[] | undefined,
  fields: FilterFields<T>,
  tagsOf?: (item: T) => TagMap,
): (item: T) => boolean {
  const predicates = (filters ?? []).map((filter): ((item: T) => boolean) => {
    const name = filter.Name ?? '';
    const values = filter.Values ?? [];
    if (values.length === 0) throw invalidParameter(`The filter '${name}' requires at least one value`);
    const test = anyOf(values);
    if (tagsOf && name.startsWith('tag:')) {
      const key = name.slice(4);
      return (item) => {
        const value = tagsOf(item)[key];
        return value !== undefined && test(value);
      };
    }
    if (tagsOf && name === 'tag-key') return (item) => Object.keys(tagsOf(item)).some(test);
    if (tagsOf && name === 'tag-value') return (item) => Object.values(tagsOf(item)).some(test);
    const field = fields[name];
    if (!field) throw invalidParameter(`The filter '${name}' is invalid`);
    return (item) => matchesScalars(field(item), test);
  });
  return (item) => predicates.every((predicate) => predicate(item));
}
