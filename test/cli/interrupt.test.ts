import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { colors } from '../../src/cli/colors.js';
import type { CliContext } from '../../src/cli/context.js';
import { trapInterrupts, type Interrupt } from '../../src/cli/interrupt.js';

let trapped: Interrupt | undefined;
afterEach(() => {
  trapped?.dispose();
  vi.restoreAllMocks();
});

/** Traps with a short grace and returns a way to deliver SIGINT to exactly the trap's listener. */
function trap(graceMs: number): { interrupt: Interrupt; stderr: () => string; sigint: () => void } {
  let stderr = '';
  const context = {
    io: { stdout: { write: () => true }, stderr: { write: (text: string) => ((stderr += text), true) } },
    colors: colors(false),
    debug: false,
    exitCode: 0,
  } as unknown as CliContext;
  const interrupt = trapInterrupts(context, graceMs);
  trapped = interrupt;
  // Calling the listener rather than emitting the signal keeps the test runner's own handlers out of it.
  const listener = process.listeners('SIGINT').at(-1) as (name: NodeJS.Signals) => void;
  return { interrupt, stderr: () => stderr, sigint: () => listener('SIGINT') };
}

describe('trapInterrupts', () => {
  it('stops new work at the first SIGINT and abandons the calls in flight after the grace', async () => {
    const { interrupt, stderr, sigint } = trap(50);

    sigint();

    expect(interrupt.signal.aborted).toBe(true);
    expect(interrupt.abandon.aborted).toBe(false);
    expect(stderr()).toContain('SIGINT received: starting nothing new, giving the calls in flight 0.05 s to finish');
    await delay(120);
    expect(interrupt.abandon.aborted).toBe(true);
    expect(stderr()).toContain('Abandoning the calls still in flight');
  });

  it('exits at once on the second SIGINT, without waiting for the grace', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const { interrupt, sigint } = trap(60_000);

    sigint();
    sigint();

    expect(exit).toHaveBeenCalledWith(130);
    expect(interrupt.abandon.aborted).toBe(false);
  });

  it('abandons nothing once disposed: an apply that ended by itself is not interrupted late', async () => {
    const { interrupt, sigint } = trap(30);

    sigint();
    interrupt.dispose();
    await delay(80);

    expect(interrupt.abandon.aborted).toBe(false);
  });
});
