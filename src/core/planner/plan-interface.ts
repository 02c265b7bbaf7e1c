/**
 * The sessions of one interface: at most 3 counting other tools' sessions, session numbers that never clash,
 * existing owned sessions kept (and converged) rather than recreated, another tool's session that the policy's
 * `adopt` names taken over rather than doubled, none added while the instance is stopped, none added next to a
 * session this policy does not own unless the entry's `alreadyMirrored` allows it.
 */
import type { ObservedInstance, ObservedNetworkInterface, ObservedSession } from '../types/observed.js';
import type { ResourceRef } from '../types/plan.js';
import type { AdoptionRule } from '../scope/index.js';
import { noteAddedNextTo, sameDestination, screenAlreadyMirrored } from './already-mirrored.js';
import { isRunning } from './eligibility.js';
import { ownedSessionKey } from './observed-index.js';
import { settleKeptNumbers } from './session-numbers.js';
import {
  desiredSession,
  SESSIONS_PER_INTERFACE,
  skip,
  skipNotRunning,
  skipUnavailable,
  type Candidate,
  type SessionsState,
} from './session-state.js';
import { pushTo } from './util.js';

/** The owned sessions on one ENI by key; copies sharing a key beyond the first are dropped as duplicates. */
function ownedOnInterface(state: SessionsState, sessions: readonly ObservedSession[]): Map<string, ObservedSession> {
  const byKey = new Map<string, ObservedSession>();
  for (const session of sessions) {
    const key = ownedSessionKey(session, state.index.scope);
    if (key === undefined) continue;
    const first = byKey.get(key);
    if (first === undefined) byKey.set(key, session);
    else state.dropReasons.set(session.id, `duplicate of ${first.id} (same key)`);
  }
  return byKey;
}

/**
 * The common cases, kept cheap for accounts with thousands of interfaces: one entry and either no session
 * yet or only that entry's own session, so nothing can clash. It decides exactly what the general path would.
 */
function planLoneCandidate(
  state: SessionsState,
  instance: ObservedInstance,
  eni: ObservedNetworkInterface,
  candidate: Candidate,
  observed: ObservedSession | undefined,
): void {
  const target = candidate.active.target;
  const running = isRunning(instance);
  if (!target.usable && observed === undefined) skipUnavailable(state, instance, eni, candidate, target);
  if (!running) skipNotRunning(state, instance, eni, observed === undefined ? 0 : 1);
  if (observed === undefined && (!running || !target.usable)) return;
  const ref = target.usable ? target.ref : state.refs.target(observed?.targetId ?? '');
  const number = candidate.active.entry.sessionNumber ?? observed?.sessionNumber ?? 1;
  state.planned.push({
    key: candidate.key,
    entryIndex: candidate.active.index,
    desired: desiredSession(state, candidate, instance, eni, ref, number),
    ...(observed === undefined ? {} : { observed }),
    numberFreedBy: [],
  });
}

interface Kept {
  readonly candidate: Candidate;
  readonly observed: ObservedSession;
  readonly adoptedUnder?: AdoptionRule;
}

interface Adoption {
  readonly session: ObservedSession;
  readonly rule: AdoptionRule;
}

/**
 * Entries without a session of their own here take over the other tools' sessions the policy's `adopt` names:
 * one each, first those already sending to the entry's destination, then any (re-pointed in place). Only the
 * first entry aimed at a target counts, as in `classify`; an entry whose target cannot be used adopts nothing.
 */
function matchAdoptions(
  state: SessionsState,
  candidates: readonly Candidate[],
  owned: ReadonlyMap<string, ObservedSession>,
  onInterface: readonly ObservedSession[],
): Map<string, Adoption> {
  const matches = new Map<string, Adoption>();
  const available = onInterface.flatMap((session): Adoption[] => {
    const rule = state.index.scope.sessionAdoption(session);
    return rule === undefined ? [] : [{ session, rule }];
  });
  if (available.length === 0) return matches;
  const targets = new Set<string>();
  const wanting = candidates.filter((candidate) => {
    const target = candidate.active.target;
    if (!target.usable || targets.has(target.identity)) return false;
    targets.add(target.identity);
    return !owned.has(candidate.key);
  });
  const taken = new Set<string>();
  for (const sameDestinationOnly of [true, false]) {
    for (const candidate of wanting) {
      if (matches.has(candidate.key)) continue;
      const found = available.find(
        ({ session }) =>
          !taken.has(session.id) &&
          (!sameDestinationOnly || sameDestination(state.index, candidate.active.destination, session)),
      );
      if (found === undefined) continue;
      matches.set(candidate.key, found);
      taken.add(found.session.id);
    }
  }
  return matches;
}

interface Fresh {
  readonly candidate: Candidate;
  readonly target: ResourceRef;
}

/**
 * Sorts the entries selecting this interface: those keeping their existing session, those wanting a new one.
 * The second entry sending the interface to the same target is dropped (its old session goes).
 */
function classify(
  state: SessionsState,
  instance: ObservedInstance,
  eni: ObservedNetworkInterface,
  candidates: readonly Candidate[],
  owned: ReadonlyMap<string, ObservedSession>,
  adopted: ReadonlyMap<string, Adoption>,
): { kept: Kept[]; fresh: Fresh[] } {
  const running = isRunning(instance);
  const kept: Kept[] = [];
  const fresh: Fresh[] = [];
  const firstByTarget = new Map<string, Candidate>();
  for (const candidate of candidates) {
    const target = candidate.active.target;
    const adoption = adopted.get(candidate.key);
    const observed = owned.get(candidate.key) ?? adoption?.session;
    if (target.usable) {
      const first = firstByTarget.get(target.identity);
      if (first !== undefined) {
        pushTo(state.duplicates, `${first.active.entry.key}\0${candidate.active.entry.key}\0${target.name}`, eni.id);
        if (observed !== undefined) {
          state.dropReasons.set(observed.id, `duplicate of ${first.key}: both send ${eni.id} to target ${target.name}`);
        }
        continue;
      }
      firstByTarget.set(target.identity, candidate);
    }
    if (observed !== undefined) kept.push({ candidate, observed, ...(adoption === undefined ? {} : { adoptedUnder: adoption.rule }) });
    else if (!target.usable) skipUnavailable(state, instance, eni, candidate, target);
    else if (running) fresh.push({ candidate, target: target.ref });
  }
  if (!running) skipNotRunning(state, instance, eni, kept.length);
  return { kept, fresh };
}

export function planInterface(
  state: SessionsState,
  instance: ObservedInstance,
  eni: ObservedNetworkInterface,
  candidates: readonly Candidate[],
): void {
  const scope = state.index.scope;
  const onInterface = state.index.sessionsByInterface.get(eni.id) ?? [];
  const only = candidates.length === 1 ? candidates[0] : undefined;
  const alone = onInterface.length === 0 ? undefined : onInterface[0];
  if (only !== undefined && onInterface.length <= 1) {
    if (alone === undefined) return planLoneCandidate(state, instance, eni, only, undefined);
    if (ownedSessionKey(alone, scope) === only.key) return planLoneCandidate(state, instance, eni, only, alone);
  }
  const owned = ownedOnInterface(state, onInterface);
  const adopted = matchAdoptions(state, candidates, owned, onInterface);
  const { kept, fresh } = classify(state, instance, eni, candidates, owned, adopted);
  const keptIds = new Set(kept.map((item) => item.observed.id));
  // An adopted session is the entry's own from now on: it neither blocks nor counts as another tool's.
  const foreign = onInterface.filter((session) => !scope.mayChangeSession(session) && !keptIds.has(session.id));
  // Held sessions (an entry that matches nothing) stay unchanged but are still this policy's own: never "another
  // tool's" for the already-mirrored rule.
  const others = foreign.filter((session) => !scope.ours(session));
  // Owned sessions that are not kept are deleted: their slots and numbers become free once they are gone.
  const leaving = onInterface.filter((session) => scope.mayChangeSession(session) && !keptIds.has(session.id));
  const foreignByNumber = new Map(foreign.map((session) => [session.sessionNumber, session]));
  const holders = new Map<number, string>();
  const holderOf = (number: number): string | undefined => {
    const other = foreignByNumber.get(number);
    if (other !== undefined) return `${other.id}, a session this policy does not own`;
    const ours = holders.get(number);
    return ours === undefined ? undefined : `mirrorctl session ${ours}`;
  };

  const { numbers: keptNumbers, renumbered, conflicts } = settleKeptNumbers(kept, foreignByNumber);
  for (const conflict of conflicts) {
    state.warnings.push({
      code: 'session-number-conflict',
      region: state.index.region,
      message:
        `${conflict.observed.id} (${conflict.key}) keeps session number ${conflict.observed.sessionNumber}: ` +
        `number ${conflict.wanted} on ${eni.id} is held by ${conflict.holder}`,
    });
  }
  kept.forEach(({ candidate, observed }, position) => {
    holders.set(keptNumbers[position] ?? observed.sessionNumber, candidate.key);
  });
  const freedBy = (number: number): string[] => {
    const ids = leaving.filter((session) => session.sessionNumber === number).map((session) => session.id);
    const renumberedId = renumbered.get(number);
    return renumberedId === undefined ? ids : [...ids, renumberedId];
  };

  // Explicit numbers are checked before the 3-session limit, so that applying the plan does not change which
  // entries get a slot the next time.
  const wanted = others.length === 0 ? fresh : screenAlreadyMirrored(state, instance, eni, fresh, others);
  const numbered: Fresh[] = [];
  for (const item of wanted) {
    const entry = item.candidate.active.entry;
    const holder = entry.sessionNumber === undefined ? undefined : holderOf(entry.sessionNumber);
    if (entry.sessionNumber !== undefined && holder !== undefined) {
      const detail = `vpcs entry ${entry.key} asks for session number ${entry.sessionNumber} on ${eni.id}, held by ${holder}`;
      skip(state, instance, eni, 'session-number-conflict', detail);
      continue;
    }
    if (entry.sessionNumber !== undefined) holders.set(entry.sessionNumber, item.candidate.key);
    numbered.push(item);
  }

  const admitted: Fresh[] = [];
  for (const item of numbered) {
    if (foreign.length + kept.length + admitted.length < SESSIONS_PER_INTERFACE) {
      admitted.push(item);
      continue;
    }
    const wanted = item.candidate.active.entry.sessionNumber;
    if (wanted !== undefined) holders.delete(wanted);
    const occupants = [
      ...foreign.map((session) => `${session.id} (not owned)`),
      ...kept.map((other) => other.candidate.key),
      ...admitted.map((other) => other.candidate.key),
    ];
    const detail =
      `interface ${eni.id} already has ${SESSIONS_PER_INTERFACE} sessions (${occupants.join(', ')}); ` +
      `vpcs entry ${item.candidate.active.entry.key} gets none`;
    skip(state, instance, eni, 'session-limit-reached', detail);
  }
  if (others.length > 0) noteAddedNextTo(state, eni, admitted, others);

  kept.forEach(({ candidate, observed, adoptedUnder }, position) => {
    const number = keptNumbers[position] ?? observed.sessionNumber;
    // An entry whose target cannot be used here leaves its existing sessions on the target they have.
    const target = candidate.active.target.usable ? candidate.active.target.ref : state.refs.target(observed.targetId);
    state.planned.push({
      key: candidate.key,
      entryIndex: candidate.active.index,
      desired: desiredSession(state, candidate, instance, eni, target, number),
      observed,
      numberFreedBy: number === observed.sessionNumber ? [] : freedBy(number),
      ...(adoptedUnder === undefined ? {} : { adoptedUnder }),
    });
  });
  let next = 1;
  for (const { candidate, target } of admitted) {
    let number = candidate.active.entry.sessionNumber;
    if (number === undefined) {
      while (holderOf(next) !== undefined) next += 1;
      number = next;
      holders.set(number, candidate.key);
    }
    state.planned.push({
      key: candidate.key,
      entryIndex: candidate.active.index,
      desired: desiredSession(state, candidate, instance, eni, target, number),
      numberFreedBy: freedBy(number),
    });
  }
}
