/** Compiler-style text for diagnostics: `file:line:col: error: message`, the source line, a caret, a hint. */
import type { Diagnostic } from '../policy/diagnostic.js';
import type { Colors } from './colors.js';
import { capText, echoLine, escapeControl } from './terminal-text.js';

/** Messages quote values already cut short; this only bounds a message that quotes one in full. */
const MAX_MESSAGE_LENGTH = 1000;

/** Message, hint and file name as printed: they may quote the user's file, so they are escaped and bounded. */
export const terminalSafe = (text: string): string => escapeControl(capText(text, MAX_MESSAGE_LENGTH));

export function formatDiagnostics(diagnostics: readonly Diagnostic[], source: string | undefined, c: Colors): string {
  const lines = source?.split(/\r?\n/);
  return diagnostics.map((diagnostic) => formatDiagnostic(diagnostic, lines, c)).join('');
}

export function diagnosticHeadline(d: Diagnostic, c: Colors): string {
  const start = d.range?.start;
  const where = start === undefined ? d.file : `${d.file}:${start.line}:${start.column}`;
  const severity = d.severity === 'error' ? c.red(c.bold('error')) : c.yellow(c.bold('warning'));
  return `${c.bold(terminalSafe(where))}: ${severity}: ${terminalSafe(d.message)}\n`;
}

function formatDiagnostic(d: Diagnostic, lines: readonly string[] | undefined, c: Colors): string {
  const start = d.range?.start;
  let text = diagnosticHeadline(d, c);
  const line = start === undefined ? undefined : lines?.[start.line - 1];
  if (start !== undefined && line !== undefined && d.range !== undefined) {
    const gutter = String(start.line);
    const end = d.range.end.line === start.line ? d.range.end.column : line.length + 1;
    const echoed = echoLine(line, start.column - 1, Math.min(end, line.length + 1) - 1);
    const marker = `^${'~'.repeat(echoed.markWidth - 1)}`;
    text += `${c.dim(` ${gutter} | `)}${echoed.text}\n`;
    text += `${c.dim(` ${' '.repeat(gutter.length)} | `)}${echoed.indent}${d.severity === 'error' ? c.red(marker) : c.yellow(marker)}\n`;
  }
  if (d.hint !== undefined) text += `  ${c.cyan('hint')}: ${terminalSafe(d.hint)}\n`;
  return text;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

export function formatCounts(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return `${plural(errors, 'error')}, ${plural(diagnostics.length - errors, 'warning')}.\n`;
}
