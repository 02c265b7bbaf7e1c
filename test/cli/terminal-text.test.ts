import { describe, expect, it } from 'vitest';
import { capText, echoLine, escapeControl, escapeControlKeepingLines } from '../../src/cli/terminal-text.js';

describe('escapeControl', () => {
  it('renders C0 controls, DEL and C1 controls as \\xNN', () => {
    expect(escapeControl('a\u001b[31mred\u0007\u0000\r\n\u007f\u0080\u009b\u009f')).toBe(
      'a\\x1b[31mred\\x07\\x00\\x0d\\x0a\\x7f\\x80\\x9b\\x9f',
    );
  });

  it('keeps tabs and printable text, including non-ASCII', () => {
    expect(escapeControl('\tcafé ü \u00a0 ☃ 😀')).toBe('\tcafé ü \u00a0 ☃ 😀');
  });

  it('can keep the line breaks of a message that is several lines by design', () => {
    expect(escapeControlKeepingLines('one\u001b]0;x\u0007\ntwo\r')).toBe('one\\x1b]0;x\\x07\ntwo\\x0d');
  });
});

describe('capText', () => {
  it('leaves short text alone and cuts long text with an ellipsis', () => {
    expect(capText('abc', 3)).toBe('abc');
    expect(capText('abcdef', 4)).toBe('abc…');
  });

  it('never cuts a surrogate pair in half', () => {
    expect(capText('ab😀cd', 4)).toBe('ab…');
  });
});

describe('echoLine', () => {
  it('points the caret past the escapes before it', () => {
    const line = 'name: "\u001b[2Jx"';
    const echoed = echoLine(line, line.indexOf('x'), line.indexOf('x') + 1);
    expect(echoed.text).toBe('name: "\\x1b[2Jx"');
    expect(echoed.text.slice(echoed.markStart, echoed.markStart + echoed.markWidth)).toBe('x');
    expect(echoed.indent).toBe(' '.repeat(echoed.markStart));
  });

  it('widens the caret over an escaped character it marks', () => {
    const echoed = echoLine('a\u0007b', 1, 2);
    expect(echoed.text.slice(echoed.markStart, echoed.markStart + echoed.markWidth)).toBe('\\x07');
  });

  it('keeps tabs in the indent so the caret lines up however tabs render', () => {
    expect(echoLine('\tkey: 1', 6, 7).indent).toBe('\t     ');
  });

  it('marks one column at the end of the line', () => {
    const echoed = echoLine('key:', 4, 5);
    expect([echoed.text, echoed.markStart, echoed.markWidth]).toEqual(['key:', 4, 1]);
  });

  it('cuts a long line around the caret, with an ellipsis on each cut side', () => {
    const line = `${'a'.repeat(5000)}X${'b'.repeat(5000)}`;
    const echoed = echoLine(line, 5000, 5001);
    expect(echoed.text.length).toBeLessThanOrEqual(202);
    expect(echoed.text.startsWith('…a')).toBe(true);
    expect(echoed.text.endsWith('b…')).toBe(true);
    expect(echoed.text[echoed.markStart]).toBe('X');
    expect(echoed.markWidth).toBe(1);
  });

  it('cuts only the end when the caret is near the start', () => {
    const echoed = echoLine(`key: "${'v'.repeat(1_000_000)}"`, 5, 1_000_007);
    expect(echoed.text.startsWith('key: "vvv')).toBe(true);
    expect(echoed.text.endsWith('v…')).toBe(true);
    expect(echoed.markStart).toBe(5);
    expect(echoed.markStart + echoed.markWidth).toBe(200);
  });

  it('cuts only the start when the caret is near the end', () => {
    const line = `${'a'.repeat(1000)}Z`;
    const echoed = echoLine(line, 1000, 1001);
    expect(echoed.text.startsWith('…')).toBe(true);
    expect(echoed.text.endsWith('aZ')).toBe(true);
    expect(echoed.text[echoed.markStart]).toBe('Z');
  });

  it('never cuts inside an escape', () => {
    const line = '\u001b'.repeat(1000);
    const echoed = echoLine(line, 500, 501);
    expect(echoed.text.replace(/…/g, '')).toMatch(/^(\\x1b)+$/);
    expect(echoed.text.slice(echoed.markStart, echoed.markStart + 4)).toBe('\\x1b');
  });
});
