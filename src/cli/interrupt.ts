/**
 * SIGINT/SIGTERM during apply: the first signal stops new work and gives the calls in flight a short grace to
 * finish, so AWS and the report agree; then it abandons them (a hung endpoint must not keep the apply open
 * for its whole timeout). A second signal exits at once.
 */
import type { CliContext } from './context.js';

export interface Interrupt {
  /** Aborted by the first signal: start nothing new. */
  readonly signal: AbortSignal;
  /** Aborted `graceMs` after the first signal: abort the calls still in flight. */
  readonly abandon: AbortSignal;
  dispose(): void;
}

/** Long enough for a healthy EC2 call to answer, short enough that Ctrl-C feels obeyed. */
export const ABANDON_GRACE_MS = 5_000;

export function trapInterrupts(context: CliContext, graceMs = ABANDON_GRACE_MS): Interrupt {
  const controller = new AbortController();
  const abandon = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      context.io.stderr.write(`\n${name} again: exiting now. Run mirrorctl apply again to finish converging.\n`);
      process.exit(130);
    }
    context.io.stderr.write(
      `\n${name} received: starting nothing new, giving the calls in flight ${graceMs / 1000} s to finish ` +
        '(press Ctrl-C again to exit at once)\n',
    );
    controller.abort();
    timer = setTimeout(() => {
      context.io.stderr.write('Abandoning the calls still in flight; the next plan shows what AWS did with them.\n');
      abandon.abort();
    }, graceMs);
    // The grace must not keep the CLI alive once the apply has ended by itself.
    timer.unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    abandon: abandon.signal,
    dispose() {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
