/** A problem found in a policy file, located in the source so editors and CI annotations can point at it. */
export interface Position {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units like editors count. */
  readonly column: number;
  /** 0-based character offset into the decoded text. */
  readonly offset: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Stable, kebab-case identifier of the problem kind (e.g. `unknown-key`), for machines and tests. */
  code: string;
  message: string;
  hint?: string;
  file: string;
  range?: Range;
}

export const countErrors = (diagnostics: readonly Diagnostic[]): number =>
  diagnostics.filter((d) => d.severity === 'error').length;

/** Line and column of an offset, for problems found before the YAML parser (and its line counter) ran. */
export function positionIn(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1, offset };
}
