/** Compiler-style text for diagnostics: `file:line:col: error: message`, the source line, a caret, a hint. */
import type { Diagnostic } from '../policy/diagnostic.js';
import type { Colors } from './colors.js';

export function formatDiagnostics(diagnostics: readonly Diagnostic[], source: string | undefined, c: Colors): string {
  const lines = source?.split(/\r?\n/);
  return diagnostics.map((diagnostic) => formatDiagnostic(diagnostic, lines, c)).join('');
}

function formatDiagnostic(d: Diagnostic, lines: readonly string[] | undefined, c: Colors): string {
  const start = d.range?.start;
  const where = start === undefined ? d.file : `${d.file}:${start.line}:${start.column}`;
  const severity = d.severity === 'error' ? c.red(c.bold('error')) : c.yellow(c.bold('warning'));
  let text = `${c.bold(where)}: ${severity}: ${d.message}\n`;
  const line = start === undefined ? undefined : lines?.[start.line - 1];
  if (start !== undefined && line !== undefined && d.range !== undefined) {
    const gutter = String(start.line);
    const end = d.range.end.line === start.line ? d.range.end.column : line.length + 1;
    const width = Math.max(1, Math.min(end, line.length + 1) - start.column);
    // Keep tabs so the caret lines up with the source line however the terminal renders them.
    const indent = line.slice(0, start.column - 1).replace(/[^\t]/g, ' ');
    const marker = `^${'~'.repeat(width - 1)}`;
    text += `${c.dim(` ${gutter} | `)}${line}\n`;
    text += `${c.dim(` ${' '.repeat(gutter.length)} | `)}${indent}${d.severity === 'error' ? c.red(marker) : c.yellow(marker)}\n`;
  }
  if (d.hint !== undefined) text += `  ${c.cyan('hint')}: ${d.hint}\n`;
  return text;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

export function formatCounts(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return `${plural(errors, 'error')}, ${plural(diagnostics.length - errors, 'warning')}.\n`;
}
