/** Session numbers of the sessions an interface keeps. */
import type { ObservedSession } from '../types/observed.js';
import type { Candidate } from './session-state.js';

export interface KeptNumbers {
  /** Final number of each kept session, in the order given. */
  readonly numbers: readonly number[];
  /** Old number → observed id, for kept sessions that move to another number. */
  readonly renumbered: ReadonlyMap<number, string>;
  readonly conflicts: readonly { key: string; observed: ObservedSession; wanted: number; holder: string }[];
}

interface Slot {
  readonly key: string;
  readonly observed: ObservedSession;
  number: number;
}

/**
 * Kept sessions keep their numbers unless the entry asks for another one. A wanted number is taken once
 * nothing holds it: not another tool's session, not a kept session staying there. A kept session moving away
 * frees its number in a later round (the taker then waits for that move), so chains settle; a swap never
 * does and both sessions keep their numbers, which avoids a dependency cycle.
 */
export function settleKeptNumbers(
  kept: readonly { candidate: Candidate; observed: ObservedSession }[],
  foreignByNumber: ReadonlyMap<number, ObservedSession>,
): KeptNumbers {
  const slots: Slot[] = kept.map(({ candidate, observed }) => ({ key: candidate.key, observed, number: observed.sessionNumber }));
  const holder = (number: number, self: Slot): Slot | undefined =>
    slots.find((other) => other !== self && other.number === number);
  let pending = kept.flatMap(({ candidate }, position) => {
    const wanted = candidate.active.entry.sessionNumber;
    const slot = slots[position];
    return slot === undefined || wanted === undefined || wanted === slot.number ? [] : [{ slot, wanted }];
  });
  const renumbered = new Map<number, string>();
  for (let progress = true; progress; ) {
    progress = false;
    pending = pending.filter(({ slot, wanted }) => {
      if (foreignByNumber.has(wanted) || holder(wanted, slot) !== undefined) return true;
      renumbered.set(slot.number, slot.observed.id);
      slot.number = wanted;
      progress = true;
      return false;
    });
  }
  const conflicts = pending.map(({ slot, wanted }) => {
    const foreign = foreignByNumber.get(wanted);
    const held =
      foreign === undefined ? `mirrorctl session ${holder(wanted, slot)?.key ?? ''}` : `${foreign.id}, a session this policy does not own`;
    return { key: slot.key, observed: slot.observed, wanted, holder: held };
  });
  return { numbers: slots.map((slot) => slot.number), renumbered, conflicts };
}
