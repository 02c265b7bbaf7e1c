/**
 * Text from the user's files made safe to print to a terminal or CI log: no control character reaches the
 * output raw (an ESC or C1 byte could recolour, retitle or rewrite the log), and no echoed line or value is
 * unboundedly long (a 50 MB one-line value must not become 50 MB of stderr).
 */

/** C0 controls except tab, DEL and C1 controls (U+0080–U+009F). */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

const hex = (char: string): string => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;

export function escapeControl(text: string): string {
  return text.replace(CONTROL, hex);
}

/** Like escapeControl, but keeps line breaks: for messages that are several lines by design. */
export function escapeControlKeepingLines(text: string): string {
  return text
    .split('\n')
    .map((line) => escapeControl(line))
    .join('\n');
}

export const ELLIPSIS = '…';

/** At most `max` characters of `text`, cut at the end with "…" (never inside a surrogate pair). */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  if (isLowSurrogate(text.charCodeAt(cut))) cut--;
  return `${text.slice(0, cut)}${ELLIPSIS}`;
}

export interface EchoedLine {
  /** The line as printed: escaped, and cut around the marked range with "…" on the cut side(s). */
  readonly text: string;
  /** Where the marked range starts in `text` (0-based) and how many characters it spans there. */
  readonly markStart: number;
  readonly markWidth: number;
  /** What to print under `text` before the caret: blanks, except the tabs of the printed line kept. */
  readonly indent: string;
}

/** How much of a long line is shown, and how much of that comes before the caret. */
export const ECHO_WIDTH = 200;
const CONTEXT_BEFORE = 60;

/**
 * A source line ready to print above a caret marking [start, end) (0-based UTF-16 offsets in `line`, as
 * editors count columns). The caret position is computed on the escaped text, so it still points at the
 * marked character when escapes before it widen the line.
 */
export function echoLine(line: string, start: number, end: number, width = ECHO_WIDTH): EchoedLine {
  const markStartAt = Math.min(Math.max(0, start), line.length);
  const markEndAt = Math.min(Math.max(markStartAt, end), line.length);
  // Only the part of the line that can show is escaped: each character prints as one to four.
  let sourceFrom = Math.max(0, markStartAt - width);
  if (sourceFrom > 0 && isLowSurrogate(line.charCodeAt(sourceFrom))) sourceFrom--;
  let sourceTo = Math.min(line.length, markStartAt + width);
  if (sourceTo < line.length && isLowSurrogate(line.charCodeAt(sourceTo))) sourceTo++;
  const pieces = escapedPieces(line, sourceFrom, sourceTo);
  const printedAt = (index: number) => (index === 0 ? 0 : pieces[index - 1]!.printedEnd);
  const pieceFor = (offset: number) => firstIndex(pieces, (piece) => piece.sourceOffset >= offset);
  const total = printedAt(pieces.length);

  let from = 0;
  let to = pieces.length;
  if (total > width || sourceFrom > 0 || sourceTo < line.length) {
    const windowStart = Math.max(0, Math.min(printedAt(pieceFor(markStartAt)) - CONTEXT_BEFORE, total - width));
    from = firstIndex(pieces, (_, index) => printedAt(index) >= windowStart);
    to = from;
    while (to < pieces.length && printedAt(to + 1) - printedAt(from) <= width) to++;
  }
  const before = from > 0 || sourceFrom > 0 ? ELLIPSIS : '';
  const after = to < pieces.length || sourceTo < line.length ? ELLIPSIS : '';
  const body = pieces
    .slice(from, to)
    .map((piece) => piece.text)
    .join('');
  const text = `${before}${body}${after}`;
  const shown = (index: number) => before.length + printedAt(Math.min(Math.max(index, from), to)) - printedAt(from);
  const markStart = shown(pieceFor(markStartAt));
  const markWidth = Math.max(1, shown(pieceFor(markEndAt)) - markStart);
  return { text, markStart, markWidth, indent: text.slice(0, markStart).replace(/[^\t]/g, ' ') };
}

interface Piece {
  /** One code point of the line as printed (an escape such as `\x1b` for a control character). */
  readonly text: string;
  /** 0-based UTF-16 offset of the code point in the original line. */
  readonly sourceOffset: number;
  /** Printed length of the pieces up to and including this one. */
  readonly printedEnd: number;
}

function escapedPieces(line: string, from: number, to: number): Piece[] {
  const pieces: Piece[] = [];
  let sourceOffset = from;
  let printedEnd = 0;
  for (const char of line.slice(from, to)) {
    const text = escapeControl(char);
    printedEnd += text.length;
    pieces.push({ text, sourceOffset, printedEnd });
    sourceOffset += char.length;
  }
  return pieces;
}

function firstIndex<T>(items: readonly T[], test: (item: T, index: number) => boolean): number {
  const index = items.findIndex(test);
  return index < 0 ? items.length : index;
}

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
