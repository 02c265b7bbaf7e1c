/**
 * Progress for long work, on stderr so stdout stays clean for plans and JSON. On a terminal one line is
 * redrawn in place (at most ten times a second); elsewhere (CI logs) a plain line is written at most every
 * `plainIntervalMs`, so logs show progress on long work without flooding.
 */
import type { TextSink } from './io.js';

export interface StatusLine {
  /** Show `text` now if the rate limit allows, or when `force` is set. */
  update(text: string, force?: boolean): void;
  /** Clear the live line (terminal only) so the next output starts on a clean line. */
  clear(): void;
}

export interface StatusLineOptions {
  readonly sink: TextSink;
  readonly live: boolean;
  readonly plainIntervalMs?: number;
  readonly now?: () => number;
}

export function statusLine({ sink, live, plainIntervalMs = 10_000, now = Date.now }: StatusLineOptions): StatusLine {
  // A log gets its first line only once the work has gone on for a while: short runs stay quiet.
  let lastWrite = live ? Number.NEGATIVE_INFINITY : now();
  let showing = false;
  const interval = live ? 100 : plainIntervalMs;
  return {
    update(text, force = false) {
      const time = now();
      if (!force && time - lastWrite < interval) return;
      lastWrite = time;
      if (live) {
        sink.write(`\r\u001b[2K${text}`);
        showing = true;
      } else {
        sink.write(`${text}\n`);
      }
    },
    clear() {
      if (live && showing) sink.write('\r\u001b[2K');
      showing = false;
    },
  };
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');

export const plural = (n: number, noun: string): string => `${formatCount(n)} ${n === 1 ? noun : `${noun}s`}`;
