/**
 * Spreads the sessions of a pool over its members. A session that already sends to a member keeps it while
 * the member is in the pool and within its limit, so a re-plan never reshuffles. Every other session, in
 * policy order then interface order, goes to a member in its own Availability Zone first (mirroring across
 * zones pays inter-AZ transfer), then the least loaded, then the lowest interface id: deterministic. When
 * every member has its 10 (or 100) sources, the interface is skipped as `target-full`, never planned to fail;
 * an existing session then stays on the target it has.
 */
import type { ResourceRef, SkippedInterface } from '../../types/plan.js';
import type { PlanContext } from '../context.js';
import type { RegionIndex } from '../observed-index.js';
import type { ObservedRefs } from '../observed-shapes.js';
import type { PlannedSession } from '../session-state.js';
import { compareStrings } from '../util.js';
import type { PoolMember } from './members.js';

export interface PoolAssignment {
  readonly planned: readonly PlannedSession[];
  readonly skipped: readonly SkippedInterface[];
}

interface Slot {
  readonly member: PoolMember;
  readonly ref: ResourceRef;
  /** Distinct source interfaces the member will carry. */
  readonly sources: Set<string>;
}

const byPolicyOrder = (a: PlannedSession, b: PlannedSession): number =>
  a.entryIndex - b.entryIndex || compareStrings(a.desired.networkInterfaceId, b.desired.networkInterfaceId);

const hasRoom = (slot: Slot, eni: string): boolean => slot.sources.has(eni) || slot.sources.size < slot.member.limit;

function slotsOf(
  index: RegionIndex,
  members: readonly PoolMember[],
  targetRefs: ReadonlyMap<string, ResourceRef>,
  others: readonly PlannedSession[],
): Slot[] {
  return members.map((member) => {
    const ref = targetRefs.get(member.key) ?? { key: member.key };
    const sources = new Set<string>();
    if (ref.id !== undefined) {
      // What stays on the member besides the pool's own sessions: sessions the run may not change, and
      // other entries' sessions planned onto it.
      for (const session of index.sessionsByTarget.get(ref.id) ?? []) {
        if (!index.scope.mayChangeSession(session)) sources.add(session.networkInterfaceId);
      }
      for (const session of others) {
        if (session.desired.target.id === ref.id) sources.add(session.desired.networkInterfaceId);
      }
    }
    return { member, ref, sources };
  });
}

function zoneOf(index: RegionIndex, session: PlannedSession): string | undefined {
  const eni = index.interfaceById.get(session.desired.networkInterfaceId);
  return eni?.availabilityZone ?? index.instanceById.get(eni?.attachment?.instanceId ?? '')?.availabilityZone;
}

export function assignPools(
  ctx: PlanContext,
  index: RegionIndex,
  refs: ObservedRefs,
  planned: readonly PlannedSession[],
  targetRefs: ReadonlyMap<string, ResourceRef>,
): PoolAssignment {
  const pools = [...ctx.targets.values()].filter((target) => target.members !== undefined && target.region === index.region);
  if (pools.length === 0) return { planned, skipped: [] };
  const poolKeys = new Set(pools.map((pool) => pool.key));
  const isPooled = (session: PlannedSession): boolean => session.desired.target.id === undefined && poolKeys.has(session.desired.target.key);
  const others = planned.filter((session) => !isPooled(session));
  const chosen = new Map<PlannedSession, ResourceRef | undefined>();
  const skipped: SkippedInterface[] = [];
  for (const pool of pools) {
    const sessions = planned.filter((session) => isPooled(session) && session.desired.target.key === pool.key).sort(byPolicyOrder);
    if (sessions.length === 0) continue;
    const slots = slotsOf(index, pool.members ?? [], targetRefs, others);
    const slotByTargetId = new Map(slots.flatMap((slot) => (slot.ref.id === undefined ? [] : [[slot.ref.id, slot] as const])));
    const place = (session: PlannedSession, slot: Slot): void => {
      slot.sources.add(session.desired.networkInterfaceId);
      chosen.set(session, slot.ref);
    };
    for (const session of sessions) {
      const current = session.observed === undefined ? undefined : slotByTargetId.get(session.observed.targetId);
      if (current !== undefined && hasRoom(current, session.desired.networkInterfaceId)) place(session, current);
    }
    for (const session of sessions) {
      if (chosen.has(session)) continue;
      const eni = session.desired.networkInterfaceId;
      const zone = zoneOf(index, session);
      const best = slots
        .filter((slot) => hasRoom(slot, eni))
        .sort(
          (a, b) =>
            Number(a.member.availabilityZone !== zone) - Number(b.member.availabilityZone !== zone) ||
            a.sources.size - b.sources.size ||
            compareStrings(a.member.networkInterfaceId, b.member.networkInterfaceId),
        )[0];
      if (best !== undefined) {
        place(session, best);
        continue;
      }
      const outcome = session.observed === undefined ? `no session for ${eni}` : `${session.observed.id} stays on its current target`;
      skipped.push({
        region: index.region,
        ...(session.desired.instanceId === undefined ? {} : { instanceId: session.desired.instanceId }),
        networkInterfaceId: eni,
        reason: 'target-full',
        detail: `target ${pool.name}: all ${slots.length} interfaces of the pool already have their 10 (or 100) sources; ${outcome}`,
      });
      chosen.set(session, session.observed === undefined ? undefined : refs.target(session.observed.targetId));
    }
  }
  return {
    planned: planned.flatMap((session): PlannedSession[] => {
      if (!chosen.has(session)) return [session];
      const target = chosen.get(session);
      return target === undefined ? [] : [{ ...session, desired: { ...session.desired, target } }];
    }),
    skipped,
  };
}
