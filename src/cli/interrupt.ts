/**
 * SIGINT/SIGTERM during apply: the first signal stops new work and lets calls in flight finish, so AWS and the
 * report agree; a second signal exits at once.
 */
import type { CliContext } from './context.js';

export interface Interrupt {
  readonly signal: AbortSignal;
  dispose(): void;
}

export function trapInterrupts(context: CliContext): Interrupt {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      context.io.stderr.write(`\n${name} again: exiting now. Run mirrorctl apply again to finish converging.\n`);
      process.exit(130);
    }
    context.io.stderr.write(
      `\n${name} received: starting nothing new, waiting for the calls in flight (press Ctrl-C again to exit at once)\n`,
    );
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
