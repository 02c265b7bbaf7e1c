/**
 * One Terraform-style block per planned action:
 *
 *   # session session/web/eni-1 (us-east-1) will be updated in-place
 *   ~ session "session/web/eni-1" {
 *         id           = tms-1
 *       ~ packetLength = 128 -> 256
 *         # (8 unchanged attributes hidden)
 *     }
 */
import type { AttributeChange, PlanAction } from '../core/types/plan.js';
import type { Style } from './ansi.js';
import { countOf } from './numbers.js';
import { formatAttribute, formatTagChange, KNOWN_AFTER_APPLY, resourceAttributes } from './values.js';
import { ACTION_OUTCOME, ACTION_SYMBOL, actionColour, explainsDestruction } from './vocabulary.js';

interface Line {
  /** '+', '~', '-' or ' ' for an unchanged attribute. */
  readonly symbol: string;
  readonly name: string;
  readonly value: string;
  readonly suffix?: string;
}

const INDENT = '  ';
const ATTRIBUTE_INDENT = '      ';

/** Block symbols are right-aligned on three columns so `+/-` lines up with `+`, `~` and `-`. */
export function symbolColumn(symbol: string): string {
  return symbol.padStart(3);
}

function symbolStyle(style: Style, symbol: string): (text: string) => string {
  if (symbol === '+') return style.green;
  if (symbol === '~') return style.yellow;
  if (symbol === '-') return style.red;
  return (text) => text;
}

function changeLine(change: AttributeChange, style: Style): Line {
  const tags = change.attribute === 'tags' ? formatTagChange(change.before, change.after) : undefined;
  return {
    symbol: '~',
    name: change.attribute,
    value: tags ?? `${formatAttribute(change.attribute, change.before)} -> ${formatAttribute(change.attribute, change.after)}`,
    ...(change.forcesReplacement ? { suffix: style.red('# forces replacement') } : {}),
  };
}

function idLine(action: PlanAction): Line {
  const existing = action.resourceId;
  switch (action.action) {
    case 'create':
      return { symbol: '+', name: 'id', value: KNOWN_AFTER_APPLY };
    case 'replace':
      return { symbol: '~', name: 'id', value: `${existing ?? KNOWN_AFTER_APPLY} -> ${KNOWN_AFTER_APPLY}` };
    case 'update':
    case 'adopt':
      return { symbol: ' ', name: 'id', value: existing ?? KNOWN_AFTER_APPLY };
    case 'delete':
      return { symbol: '-', name: 'id', value: existing ?? KNOWN_AFTER_APPLY };
  }
}

function attributeLines(action: PlanAction, style: Style, verbose: boolean): { lines: Line[]; hidden: number } {
  const lines: Line[] = [idLine(action)];
  if (action.action === 'create' || action.action === 'delete') {
    const resource = action.action === 'create' ? action.after : action.before;
    const symbol = action.action === 'create' ? '+' : '-';
    for (const [name, value] of resource === undefined ? [] : resourceAttributes(resource, verbose)) {
      lines.push({ symbol, name, value: formatAttribute(name, value) });
    }
    return { lines, hidden: 0 };
  }
  const changed = new Set(action.changes.map((change) => change.attribute));
  const unchanged = (action.after === undefined ? [] : resourceAttributes(action.after, verbose)).filter(
    ([name]) => !changed.has(name),
  );
  if (verbose) for (const [name, value] of unchanged) lines.push({ symbol: ' ', name, value: formatAttribute(name, value) });
  for (const change of action.changes) lines.push(changeLine(change, style));
  return { lines, hidden: verbose ? 0 : unchanged.length };
}

export function renderActionBlock(action: PlanAction, style: Style, verbose: boolean): string[] {
  const colour = actionColour(style, action.action);
  const headline = `${INDENT}# ${action.type} ${action.key} (${action.region}) ${ACTION_OUTCOME[action.action]}`;
  const output = [style.bold(headline)];
  if (explainsDestruction(action)) output.push(style.bold(`${INDENT}# (because ${action.reason})`));
  // What is taken over, from whom, and what of the other tool's stays: the reviewer's question for an adopt.
  if (action.action === 'adopt') output.push(style.bold(`${INDENT}# (${action.reason})`));
  output.push(`${colour(symbolColumn(ACTION_SYMBOL[action.action]))} ${action.type} ${JSON.stringify(action.key)} {`);

  const { lines, hidden } = attributeLines(action, style, verbose);
  const width = Math.max(...lines.map((line) => line.name.length));
  for (const line of lines) {
    const text = `${line.name.padEnd(width)} = ${line.value}`;
    const suffix = line.suffix === undefined ? '' : ` ${line.suffix}`;
    output.push(`${ATTRIBUTE_INDENT}${symbolStyle(style, line.symbol)(line.symbol)} ${text}${suffix}`);
  }
  if (hidden > 0) {
    output.push(`${ATTRIBUTE_INDENT}  # (${countOf(hidden, 'unchanged attribute', 'unchanged attributes')} hidden)`);
  }
  output.push(`${INDENT}${INDENT}}`);
  return output;
}
