import { describe, expect, it } from 'vitest';
import { formatDuration, statusLine } from '../../src/cli/status-line.js';

describe('statusLine', () => {
  it('redraws one line in place on a terminal, at most ten times a second', () => {
    let out = '';
    let time = 0;
    const line = statusLine({ sink: { write: (text: string) => (out += text) }, live: true, now: () => time });
    line.update('a');
    line.update('b'); // same instant: dropped
    time = 150;
    line.update('c');
    line.clear();
    expect(out).toBe('\r\u001b[2Ka\r\u001b[2Kc\r\u001b[2K');
  });

  it('writes plain lines at the plain interval elsewhere, and always when forced', () => {
    let out = '';
    let time = 0;
    const line = statusLine({ sink: { write: (text: string) => (out += text) }, live: false, plainIntervalMs: 1000, now: () => time });
    line.update('a'); // the work just started: a log stays quiet
    time = 1000;
    line.update('b');
    time = 1500;
    line.update('c');
    line.update('done', true);
    line.clear();
    expect(out).toBe('b\ndone\n');
  });
});

describe('formatDuration', () => {
  it.each([
    [420, '420ms'],
    [1500, '1.5s'],
    [42_000, '42s'],
    [125_000, '2m05s'],
    [3_900_000, '1h05m'],
  ])('%d ms reads as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
