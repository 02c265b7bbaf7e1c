/**
 * Virtual time shared by the executor and the sandbox: a sleep registers a timer, and whenever the event loop
 * has run everything else, time jumps to the earliest timer. A 190 s apply at EC2's real limits runs in
 * moments, and its pacing is measured in virtual milliseconds, never on the wall clock.
 */
export interface VirtualClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

interface Timer {
  readonly at: number;
  readonly order: number;
  readonly wake: () => void;
}

export function virtualClock(start = 1_000_000): VirtualClock {
  let time = start;
  let order = 0;
  let driving = false;
  const timers: Timer[] = [];
  const drive = (): void => {
    driving = false;
    timers.sort((a, b) => a.at - b.at || a.order - b.order);
    const next = timers.shift();
    if (next === undefined) return;
    time = Math.max(time, next.at);
    next.wake();
    schedule();
  };
  const schedule = (): void => {
    if (driving || timers.length === 0) return;
    driving = true;
    setImmediate(drive);
  };
  return {
    now: () => time,
    sleep: (ms) =>
      new Promise<void>((wake) => {
        timers.push({ at: time + Math.max(0, ms), order: order++, wake });
        schedule();
      }),
  };
}
