/** What every command handler receives, and how it hands its exit code back to `main`. */
import type { CommandModule } from 'yargs';
import type { Colors } from './colors.js';
import type { ExitCode } from './exit-codes.js';
import type { Io } from './io.js';

export interface CliContext {
  readonly io: Io;
  readonly colors: Colors;
  readonly debug: boolean;
  /** yargs discards handler return values, so handlers set this and `main` returns it. */
  exitCode: ExitCode;
}

/** Options every command accepts (as yargs types them). */
export interface GlobalArgs {
  readonly debug: boolean | undefined;
  readonly color: boolean | undefined;
}

/** A command is built per run around the context, so its handler can report through it. */
export type CommandFactory = (context: CliContext) => CommandModule<GlobalArgs, any>;

/**
 * Commands type their own arguments; the registry holds commands with different argument types side by side,
 * which yargs' types cannot express without erasing them here.
 */
export function defineCommand<Args>(factory: (context: CliContext) => CommandModule<GlobalArgs, Args>): CommandFactory {
  return factory as CommandFactory;
}
