/**
 * An ENI target accepts 10 distinct source interfaces (100 on the largest instance types). Sources that
 * already use a target keep their place; newcomers are admitted in policy order. A new session that does not
 * fit is not created; an existing session that does not fit stays on the target it has.
 */
import type { ResourceRef, SkippedInterface } from '../types/plan.js';
import type { RegionIndex } from './observed-index.js';
import type { ObservedRefs } from './observed-shapes.js';
import type { PlannedSession } from './session-state.js';
import { compareStrings, pushTo } from './util.js';

export interface TargetSourceLimit {
  readonly limit: number;
  /** e.g. "target sensor (eni-1 on a m5.large)" */
  readonly label: string;
}

export interface LimitedSessions {
  readonly planned: readonly PlannedSession[];
  readonly skipped: readonly SkippedInterface[];
  /** Planned session key → observed sessions whose leaving the target makes room for it. */
  readonly sourceFreedBy: ReadonlyMap<string, readonly string[]>;
}

const identityOf = (ref: ResourceRef): string => ref.id ?? `key:${ref.key}`;

interface Round {
  readonly sourceFreedBy: Map<string, readonly string[]>;
  readonly rejected: { session: PlannedSession; detail: string }[];
}

function checkTargets(
  index: RegionIndex,
  planned: readonly PlannedSession[],
  limitOf: (ref: ResourceRef) => TargetSourceLimit | undefined,
): Round {
  const round: Round = { sourceFreedBy: new Map(), rejected: [] };
  // Only ENI targets have a limit; most sessions go to load balancers and are not looked at twice.
  const limits = new Map<string, TargetSourceLimit | undefined>();
  const limitFor = (ref: ResourceRef): TargetSourceLimit | undefined => {
    const identity = identityOf(ref);
    if (!limits.has(identity)) limits.set(identity, limitOf(ref));
    return limits.get(identity);
  };
  const byTarget = new Map<string, PlannedSession[]>();
  for (const session of planned) {
    if (limitFor(session.desired.target) !== undefined) pushTo(byTarget, identityOf(session.desired.target), session);
  }
  if (byTarget.size === 0) return round;
  const byObservedId = new Map<string, PlannedSession>();
  for (const session of planned) {
    if (session.observed !== undefined) byObservedId.set(session.observed.id, session);
  }
  for (const identity of [...byTarget.keys()].sort(compareStrings)) {
    const sessions = byTarget.get(identity) ?? [];
    const ref = sessions[0]?.desired.target;
    const limit = ref === undefined ? undefined : limitFor(ref);
    if (ref === undefined || limit === undefined) continue;
    // Per source ENI already on the target: does it stay, move to another target, or go away?
    const status = new Map<string, 'staying' | 'moving' | 'deleted'>();
    const moving: string[] = [];
    const deleted: string[] = [];
    for (const observed of ref.id === undefined ? [] : index.sessionsByTarget.get(ref.id) ?? []) {
      const eni = observed.networkInterfaceId;
      const next = byObservedId.get(observed.id);
      const fate =
        // A session the run may not change stays where it is: another tool's (unless adopted), or outside the
        // run's scope.
        (!index.scope.mayChangeSession(observed) && next?.adoptedUnder === undefined) ||
        (next !== undefined && identityOf(next.desired.target) === identity)
          ? 'staying'
          : next === undefined ? 'deleted' : 'moving';
      if (fate === 'moving') moving.push(observed.id);
      if (fate === 'deleted') deleted.push(observed.id);
      const known = status.get(eni);
      if (known === undefined || known === 'deleted' || fate === 'staying') status.set(eni, fate);
    }
    const count = (fate: string): number => [...status.values()].filter((value) => value === fate).length;
    const staying = count('staying');
    const movingAway = count('moving');
    const newcomers = sessions
      .filter((session) => status.get(session.desired.networkInterfaceId) !== 'staying')
      .sort((a, b) => a.entryIndex - b.entryIndex || compareStrings(a.desired.networkInterfaceId, b.desired.networkInterfaceId));
    const admitted = new Set<string>();
    for (const session of newcomers) {
      const eni = session.desired.networkInterfaceId;
      if (admitted.has(eni)) continue;
      // A re-pointed session may only use room made by deletions: waiting on other re-pointed sessions
      // could form a cycle (two full targets swapping sources) that no executor can run.
      const isMove = session.observed !== undefined;
      if (staying + admitted.size + (isMove ? movingAway : 0) < limit.limit) {
        admitted.add(eni);
        if (status.size + [...admitted].filter((item) => !status.has(item)).length > limit.limit) {
          round.sourceFreedBy.set(session.key, isMove ? deleted : [...deleted, ...moving]);
        }
        continue;
      }
      const outcome =
        session.observed === undefined
          ? `no session for ${eni}`
          : `${session.observed.id} stays on its current target`;
      round.rejected.push({
        session,
        detail: `${limit.label} already has ${limit.limit} source interfaces, its limit; ${outcome}`,
      });
    }
  }
  return round;
}

export function applyTargetSourceLimits(
  index: RegionIndex,
  refs: ObservedRefs,
  planned: readonly PlannedSession[],
  limitOf: (ref: ResourceRef) => TargetSourceLimit | undefined,
): LimitedSessions {
  const rejected = new Map<string, { session: PlannedSession; detail: string }>();
  // Keeping a session on its old target adds a source there, which can push that target over its own
  // limit: repeat until no kept session changes side. Each round only adds rejections, so this ends.
  for (;;) {
    const current = rejected.size === 0 ? planned : planned.flatMap((session): PlannedSession[] => {
      if (!rejected.has(session.key)) return [session];
      const observed = session.observed;
      if (observed === undefined) return [];
      return [{ ...session, desired: { ...session.desired, target: refs.target(observed.targetId) } }];
    });
    const round = checkTargets(index, current, limitOf);
    const fresh = round.rejected.filter((item) => !rejected.has(item.session.key));
    for (const item of fresh) rejected.set(item.session.key, item);
    if (fresh.length > 0) continue;
    const skipped = [...rejected.values()].map(({ session, detail }): SkippedInterface => ({
      region: index.region,
      ...(session.desired.instanceId === undefined ? {} : { instanceId: session.desired.instanceId }),
      networkInterfaceId: session.desired.networkInterfaceId,
      reason: 'target-full',
      detail,
    }));
    return { planned: current, skipped, sourceFreedBy: round.sourceFreedBy };
  }
}
