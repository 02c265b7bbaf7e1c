/**
 * A tiny ANSI styler. Reporters take a `Style` so colour is decided once, by the caller (TTY and NO_COLOR
 * are the CLI's business), and a colourless style returns text untouched: no escape byte can leak into
 * logs, files or pull-request comments.
 */
export interface Style {
  readonly bold: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly red: (text: string) => string;
  readonly cyan: (text: string) => string;
  readonly magenta: (text: string) => string;
  readonly dim: (text: string) => string;
}

const sgr =
  (open: number, close: number) =>
  (text: string): string =>
    text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`;

const identity = (text: string): string => text;

const COLOURED: Style = {
  bold: sgr(1, 22),
  green: sgr(32, 39),
  yellow: sgr(33, 39),
  red: sgr(31, 39),
  cyan: sgr(36, 39),
  magenta: sgr(35, 39),
  dim: sgr(2, 22),
};

const PLAIN: Style = {
  bold: identity,
  green: identity,
  yellow: identity,
  red: identity,
  cyan: identity,
  magenta: identity,
  dim: identity,
};

export function createStyle(color: boolean): Style {
  return color ? COLOURED : PLAIN;
}
