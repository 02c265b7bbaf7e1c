/** Everything a command may touch of the process, injectable so tests run the CLI in-process. */
export interface TextSink {
  write(text: string): unknown;
}

export interface Io {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly stdin: NodeJS.ReadableStream;
  /** Whether stdout is a terminal. */
  readonly isTTY: boolean;
  readonly stdinIsTTY: boolean;
  /** Whether stderr is a terminal: progress goes there, so this, not stdout, decides how it is drawn. */
  readonly stderrIsTTY: boolean;
  /** Progress may redraw one line in place: stderr is a terminal that understands cursor control. */
  readonly liveProgress: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly color: boolean;
}

/** Colour only on a terminal, never when NO_COLOR is set to anything (https://no-color.org) or TERM=dumb. */
function defaultColor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  return isTTY && (env['NO_COLOR'] ?? '') === '' && env['TERM'] !== 'dumb';
}

/** `TERM=dumb` (Emacs shells, some CI runners) shows `\r` and ESC [2K literally: plain lines there. */
export function canRedraw(stderrIsTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  return stderrIsTTY && env['TERM'] !== 'dumb';
}

export function resolveIo(overrides: Partial<Io> = {}): Io {
  const isTTY = overrides.isTTY ?? process.stdout.isTTY === true;
  const stderrIsTTY = overrides.stderrIsTTY ?? process.stderr.isTTY === true;
  const env = overrides.env ?? process.env;
  return {
    stdout: overrides.stdout ?? process.stdout,
    stderr: overrides.stderr ?? process.stderr,
    stdin: overrides.stdin ?? process.stdin,
    isTTY,
    stdinIsTTY: overrides.stdinIsTTY ?? process.stdin.isTTY === true,
    stderrIsTTY,
    liveProgress: overrides.liveProgress ?? canRedraw(stderrIsTTY, env),
    env,
    color: overrides.color ?? defaultColor(isTTY, env),
  };
}
