/**
 * Writes an operation's output as the XML body AWS's query protocols answer with, driven by the operation's
 * schema as the SDK clients ship it (`DescribeInstances$` & co): element names, list item names and flattened
 * lists come from the schema's traits (`xmlName`, `xmlFlattened`), the same traits the SDK's deserializer reads
 * back, so no shape is written by hand. Members the schema does not know are not written.
 *
 * Each shape is compiled once into a small writer, because a page of 1,000 instances is some 100,000
 * elements: the SDK's own XmlShapeSerializer builds a node tree and takes about 0.7 s for one such page, which
 * would make the server, not the client, the bottleneck of a wire benchmark. Output is indented like EC2's.
 */
import { NormalizedSchema } from '@smithy/core/schema';

/** A schema as the SDK's clients export them. */
type SchemaRef = Parameters<typeof NormalizedSchema.of>[0];

/** Appends one value's elements. `name` is the element name its parent gives it. */
type ValueWriter = (out: Output, name: string, value: unknown, depth: number) => void;

export interface Output {
  text: string;
  /** One indentation step: EC2 answers with 4 spaces, the other query services with 2. */
  readonly unit: string;
}

const indentCache = new Map<string, string[]>();

/** Indentation strings by depth, shared by every answer with the same step. */
function indent(out: Output, depth: number): string {
  let levels = indentCache.get(out.unit);
  if (levels === undefined) {
    levels = Array.from({ length: 32 }, (_, level) => out.unit.repeat(level));
    indentCache.set(out.unit, levels);
  }
  return levels[depth] ?? out.unit.repeat(depth);
}

const ESCAPED = /[&<>\r]/;
const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#x0D;' };

export const escapeText = (text: string): string =>
  ESCAPED.test(text) ? text.replace(/[&<>\r]/g, (character) => ESCAPES[character] ?? character) : text;

/** Timestamp schema ids: 4 is the protocol's default (date-time for XML), 6 an HTTP date, 7 epoch seconds. */
function timestampText(schema: unknown, value: unknown): string {
  const date = value instanceof Date ? value : new Date(String(value));
  if (schema === 7) return String(date.getTime() / 1000);
  if (schema === 6) return date.toUTCString();
  return date.toISOString();
}

function scalarWriter(ns: NormalizedSchema): ValueWriter {
  let toText: (value: unknown) => string;
  if (ns.isTimestampSchema()) {
    const schema = ns.getSchema();
    toText = (value) => timestampText(schema, value);
  } else if (ns.isBlobSchema()) {
    toText = (value) => Buffer.from(value instanceof Uint8Array ? value : String(value)).toString('base64');
  } else if (ns.isStringSchema()) {
    toText = (value) => escapeText(String(value));
  } else {
    toText = (value) => String(value);
  }
  return (out, name, value, depth) => {
    out.text += `${indent(out, depth)}<${name}>${toText(value)}</${name}>\n`;
  };
}

interface CompiledMember {
  readonly memberName: string;
  readonly elementName: string;
  readonly write: ValueWriter;
}

/** Writers by target shape, so recursive and shared shapes are compiled once. */
const writers = new Map<unknown, ValueWriter>();

function structWriter(ns: NormalizedSchema): ValueWriter {
  let members: CompiledMember[] | undefined;
  // Compiled on first use: a shape may (indirectly) contain itself.
  const compile = (): CompiledMember[] =>
    [...ns.structIterator()].map(([memberName, member]) => ({
      memberName,
      // The deserializer reads a member from its own xmlName, else from its member name.
      elementName: member.getMemberTraits()['xmlName'] ?? memberName,
      write: memberWriter(member),
    }));
  return (out, name, value, depth) => {
    members ??= compile();
    const record = value as Record<string, unknown>;
    const before = out.text;
    out.text += `${indent(out, depth)}<${name}>\n`;
    let written = false;
    for (const member of members) {
      const field = record[member.memberName];
      if (field === undefined || field === null) continue;
      member.write(out, member.elementName, field, depth + 1);
      written = true;
    }
    // An empty structure is one self-closing element, as EC2 writes `<groupSet/>`.
    if (written) out.text += `${indent(out, depth)}</${name}>\n`;
    else out.text = `${before}${indent(out, depth)}<${name}/>\n`;
  };
}

function listWriter(member: NormalizedSchema): ValueWriter {
  const item = member.getValueSchema();
  const flat = Boolean(member.getMergedTraits()['xmlFlattened']);
  const itemName: string = item.getMergedTraits()['xmlName'] ?? 'member';
  const writeItem = memberWriter(item);
  return (out, name, value, depth) => {
    const items = value as readonly unknown[];
    if (flat) {
      for (const entry of items) if (entry !== undefined && entry !== null) writeItem(out, name, entry, depth);
      return;
    }
    if (items.length === 0) {
      out.text += `${indent(out, depth)}<${name}/>\n`;
      return;
    }
    out.text += `${indent(out, depth)}<${name}>\n`;
    for (const entry of items) if (entry !== undefined && entry !== null) writeItem(out, itemName, entry, depth + 1);
    out.text += `${indent(out, depth)}</${name}>\n`;
  };
}

function mapWriter(member: NormalizedSchema): ValueWriter {
  const key = member.getKeySchema();
  const entryValue = member.getValueSchema();
  const keyName: string = key.getMergedTraits()['xmlName'] ?? 'key';
  const valueName: string = entryValue.getMergedTraits()['xmlName'] ?? 'value';
  const flat = Boolean(member.getMergedTraits()['xmlFlattened']);
  const writeKey = memberWriter(key);
  const writeValue = memberWriter(entryValue);
  return (out, name, value, depth) => {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined && item !== null);
    const entryDepth = flat ? depth : depth + 1;
    if (!flat) out.text += `${indent(out, depth)}<${name}>\n`;
    for (const [entryKey, entryItem] of entries) {
      const entryName = flat ? name : 'entry';
      out.text += `${indent(out, entryDepth)}<${entryName}>\n`;
      writeKey(out, keyName, entryKey, entryDepth + 1);
      writeValue(out, valueName, entryItem, entryDepth + 1);
      out.text += `${indent(out, entryDepth)}</${entryName}>\n`;
    }
    if (!flat) out.text += `${indent(out, depth)}</${name}>\n`;
  };
}

/** The writer of a struct member, list item or map value: lists and maps depend on the member's own traits. */
function memberWriter(ns: NormalizedSchema): ValueWriter {
  if (ns.isListSchema()) return listWriter(ns);
  if (ns.isMapSchema()) return mapWriter(ns);
  return shapeWriter(ns);
}

function shapeWriter(ns: NormalizedSchema): ValueWriter {
  const target = ns.getSchema();
  const known = writers.get(target);
  if (known !== undefined) return known;
  let compiled: ValueWriter | undefined;
  // Registered before compiling, so a shape that contains itself finds this trampoline.
  const trampoline: ValueWriter = (out, name, value, depth) => (compiled as ValueWriter)(out, name, value, depth);
  writers.set(target, trampoline);
  compiled = ns.isStructSchema() ? structWriter(ns) : scalarWriter(ns);
  return trampoline;
}

/** The members of a struct `value` (an operation's output), each as a child element at `depth`. */
export function writeMembers(out: Output, schema: SchemaRef, value: Readonly<Record<string, unknown>>, depth: number): void {
  const ns = NormalizedSchema.of(schema);
  for (const [memberName, member] of ns.structIterator()) {
    const field = value[memberName];
    if (field === undefined || field === null) continue;
    memberWriter(member)(out, member.getMemberTraits()['xmlName'] ?? memberName, field, depth);
  }
}
