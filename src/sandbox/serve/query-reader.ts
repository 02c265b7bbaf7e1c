/**
 * Reads a query-protocol request body (`Action=DescribeInstances&Filter.1.Name=vpc-id&Filter.1.Value.1=…`)
 * back into the input object the SDK started from, driven by the operation's input schema. The key of each
 * member follows the rules of the SDK's QueryShapeSerializer: EC2 names a member by its `ec2QueryName` (else
 * its capitalised `xmlName` or name) and flattens every list (`Filter.1`); the other query services name a
 * member by its `xmlName` or name and wrap lists (`LoadBalancerArns.member.1`) unless the list is flattened.
 */
import { NormalizedSchema } from '@smithy/core/schema';

/** A schema as the SDK's clients export them. */
type SchemaRef = Parameters<typeof NormalizedSchema.of>[0];

export type QueryDialect = 'ec2' | 'query';

interface Params {
  readonly values: ReadonlyMap<string, string>;
  /** Every key and every dotted prefix of one, to tell in O(1) whether a member was sent at all. */
  readonly prefixes: ReadonlySet<string>;
}

function indexParams(body: string): Params {
  const values = new Map<string, string>();
  const prefixes = new Set<string>();
  for (const [key, value] of new URLSearchParams(body)) {
    values.set(key, value);
    let dot = key.indexOf('.');
    while (dot !== -1) {
      prefixes.add(key.slice(0, dot));
      dot = key.indexOf('.', dot + 1);
    }
    prefixes.add(key);
  }
  return { values, prefixes };
}

function memberKey(dialect: QueryDialect, memberName: string, member: NormalizedSchema): string {
  const traits = member.getMergedTraits();
  const ec2QueryName = traits['ec2QueryName'] as string | undefined;
  if (dialect === 'ec2' && ec2QueryName !== undefined) return ec2QueryName;
  const key = (traits['xmlName'] as string | undefined) ?? memberName;
  return dialect === 'ec2' ? `${key.charAt(0).toUpperCase()}${key.slice(1)}` : key;
}

function itemKey(dialect: QueryDialect, fallback: string, item: NormalizedSchema): string {
  const traits = item.getMergedTraits();
  const ec2QueryName = traits['ec2QueryName'] as string | undefined;
  if (dialect === 'ec2' && ec2QueryName !== undefined) return ec2QueryName;
  return (traits['xmlName'] as string | undefined) ?? fallback;
}

function scalar(ns: NormalizedSchema, text: string): unknown {
  if (ns.isBooleanSchema()) return text === 'true';
  if (ns.isNumericSchema()) return Number(text);
  if (ns.isTimestampSchema()) return new Date(/^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : text);
  if (ns.isBlobSchema()) return Buffer.from(text, 'base64');
  return text;
}

function read(params: Params, dialect: QueryDialect, ns: NormalizedSchema, key: string): unknown {
  if (!params.prefixes.has(key)) return undefined;
  if (ns.isStructSchema()) {
    const value: Record<string, unknown> = {};
    for (const [memberName, member] of ns.structIterator()) {
      const field = read(params, dialect, member, `${key}.${memberKey(dialect, memberName, member)}`);
      if (field !== undefined) value[memberName] = field;
    }
    return value;
  }
  if (ns.isListSchema()) {
    // An empty list is sent as a bare `Key=` by the query protocol.
    if (params.values.get(key) === '') return [];
    const item = ns.getValueSchema();
    const flat = dialect === 'ec2' || Boolean(ns.getMergedTraits()['xmlFlattened']);
    const base = flat ? key : `${key}.${itemKey(dialect, 'member', item)}`;
    const items: unknown[] = [];
    for (let index = 1; params.prefixes.has(`${base}.${index}`); index++) items.push(read(params, dialect, item, `${base}.${index}`));
    return items;
  }
  if (ns.isMapSchema()) {
    const keySchema = ns.getKeySchema();
    const valueSchema = ns.getValueSchema();
    const base = ns.getMergedTraits()['xmlFlattened'] ? key : `${key}.entry`;
    const keyName = itemKey(dialect, 'key', keySchema);
    const valueName = itemKey(dialect, 'value', valueSchema);
    const map: Record<string, unknown> = {};
    for (let index = 1; params.prefixes.has(`${base}.${index}`); index++) {
      const entryKey = params.values.get(`${base}.${index}.${keyName}`);
      if (entryKey !== undefined) map[entryKey] = read(params, dialect, valueSchema, `${base}.${index}.${valueName}`);
    }
    return map;
  }
  const text = params.values.get(key);
  return text === undefined ? undefined : scalar(ns, text);
}

/** The operation's input as the SDK user wrote it; parameters the schema does not know are ignored. */
export function readQueryInput(body: string, inputSchema: SchemaRef, dialect: QueryDialect): Record<string, unknown> {
  const params = indexParams(body);
  const ns = NormalizedSchema.of(inputSchema);
  const input: Record<string, unknown> = {};
  for (const [memberName, member] of ns.structIterator()) {
    const value = read(params, dialect, member, memberKey(dialect, memberName, member));
    if (value !== undefined) input[memberName] = value;
  }
  return input;
}

/** Action, Version and every other parameter, as sent. */
export function queryParameter(body: string, name: string): string | undefined {
  return new URLSearchParams(body).get(name) ?? undefined;
}
