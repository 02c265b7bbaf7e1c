/** Markdown building blocks that keep arbitrary text (reasons, keys, AWS values) from breaking the comment. */

/** Plain text made inert: no table breaks, no HTML, no emphasis. */
export function text(value: string): string {
  return value.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]<>|#~]/g, '\\$&');
}

/** A code span; backticks cannot be escaped inside one, and a pipe must still be escaped in a table. */
export function code(value: string): string {
  return `\`${value.replace(/\r?\n/g, ' ').replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

export function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |\n`;
}
