/** Runs the real CLI in-process with captured output. */
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(args: readonly string[], io: Partial<Io> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const exitCode = await main([...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    isTTY: false,
    stdinIsTTY: false,
    stderrIsTTY: false,
    env: {},
    ...io,
  });
  return { exitCode, stdout, stderr };
}
