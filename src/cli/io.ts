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
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly color: boolean;
}

/** Colour only on a terminal, never when NO_COLOR is set to anything (https://no-color.org) or TERM=dumb. */
function defaultColor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  return isTTY && (env['NO_COLOR'] ?? '') === '' && env['TERM'] !== 'dumb';
}

export function resolveIo(overrides: Partial<Io> = {}): Io {
  const isTTY = overrides.isTTY ?? process.stdout.isTTY === true;
  const env = overrides.env ?? process.env;
  return {
    stdout: overrides.stdout ?? process.stdout,
    stderr: overrides.stderr ?? process.stderr,
    stdin: overrides.stdin ?? process.stdin,
    isTTY,
    stdinIsTTY: overrides.stdinIsTTY ?? process.stdin.isTTY === true,
    env,
    color: overrides.color ?? defaultColor(isTTY, env),
  };
}
