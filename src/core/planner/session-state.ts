/** Shared shapes and helpers of session planning (one region, one interface at a time). */
import { sessionDescription } from '../descriptions.js';
import { ownershipTags } from '../ownership.js';
import type { ObservedInstance, ObservedNetworkInterface, ObservedSession } from '../types/observed.js';
import type { DesiredSession, PlanWarning, ResourceRef, SkippedInterface } from '../types/plan.js';
import type { AdoptionRule } from '../scope/index.js';
import type { PolicyVpcEntry } from '../types/policy.js';
import type { AlreadyMirroredGroup, Destination } from './already-mirrored.js';
import type { PlanContext } from './context.js';
import type { EntryTarget } from './entry-targets.js';
import type { RegionIndex } from './observed-index.js';
import type { ObservedRefs } from './observed-shapes.js';
import { plural } from './util.js';

/** AWS quota: sessions per source network interface (not adjustable). */
export const SESSIONS_PER_INTERFACE = 3;

export interface PlannedSession {
  readonly key: string;
  readonly entryIndex: number;
  readonly desired: DesiredSession;
  readonly observed?: ObservedSession;
  /** Observed owned sessions whose deletion or renumbering frees the session number this one takes. */
  readonly numberFreedBy: readonly string[];
  /** `observed` is another tool's session, taken over (an adopt action) under this `adopt` rule. */
  readonly adoptedUnder?: AdoptionRule;
}

export interface ActiveEntry {
  readonly entry: PolicyVpcEntry;
  readonly index: number;
  readonly target: EntryTarget;
  /** What the target sends to, to recognise sessions this policy does not own that already send there. */
  readonly destination: Destination;
  /** By key only: the filters are planned after the sessions, and the region planner resolves it then. */
  readonly filter: ResourceRef;
}

export interface Candidate {
  readonly active: ActiveEntry;
  readonly key: string;
}

/** What planning the sessions of one region accumulates. */
export interface SessionsState {
  readonly ctx: PlanContext;
  readonly index: RegionIndex;
  readonly refs: ObservedRefs;
  readonly planned: PlannedSession[];
  readonly skipped: SkippedInterface[];
  readonly warnings: PlanWarning[];
  readonly dropReasons: Map<string, string>;
  readonly stoppedWithSessions: string[];
  /** "first entry\0second entry\0target name" → interfaces where the second entry duplicated the first. */
  readonly duplicates: Map<string, string[]>;
  readonly crossRegionSkips: Map<number, number>;
  /** Interfaces already mirrored by sessions this policy does not own, grouped for one warning each. */
  readonly alreadyMirrored: Map<string, AlreadyMirroredGroup>;
}

export function skip(
  state: SessionsState,
  instance: ObservedInstance,
  eni: ObservedNetworkInterface,
  reason: SkippedInterface['reason'],
  detail: string,
): void {
  state.skipped.push({ region: state.index.region, instanceId: instance.id, networkInterfaceId: eni.id, reason, detail });
}

/** A stopped instance keeps its sessions (they still bill) and gets no new one until it runs. */
export function skipNotRunning(
  state: SessionsState,
  instance: ObservedInstance,
  eni: ObservedNetworkInterface,
  keptSessions: number,
): void {
  const kept = keptSessions === 0 ? '' : `; its ${plural(keptSessions, 'existing session')} kept (still billed)`;
  skip(state, instance, eni, 'instance-not-running', `instance ${instance.id} is ${instance.state}: no new session until it runs${kept}`);
  if (keptSessions > 0) state.stoppedWithSessions.push(instance.id);
}

/** The entry cannot use its target here: say so, and count cross-region cases for one warning per entry. */
export function skipUnavailable(
  state: SessionsState,
  instance: ObservedInstance,
  eni: ObservedNetworkInterface,
  candidate: Candidate,
  target: { readonly detail: string; readonly crossRegion: boolean },
): void {
  const entryIndex = candidate.active.index;
  if (target.crossRegion) state.crossRegionSkips.set(entryIndex, (state.crossRegionSkips.get(entryIndex) ?? 0) + 1);
  skip(state, instance, eni, 'target-unavailable', `vpcs entry ${candidate.active.entry.key}: ${target.detail}`);
}

export function desiredSession(
  state: SessionsState,
  candidate: Candidate,
  instance: ObservedInstance,
  eni: ObservedNetworkInterface,
  target: ResourceRef,
  sessionNumber: number,
): DesiredSession {
  const { entry, filter } = candidate.active;
  return {
    kind: 'session',
    networkInterfaceId: eni.id,
    target,
    filter,
    sessionNumber,
    ...(entry.packetLength === undefined ? {} : { packetLength: entry.packetLength }),
    ...(entry.virtualNetworkId === undefined ? {} : { virtualNetworkId: entry.virtualNetworkId }),
    description: sessionDescription(state.ctx.policy.name, entry.key),
    tags: ownershipTags(state.ctx.policy.name, candidate.key),
    instanceId: instance.id,
    vpcId: instance.vpcId ?? eni.vpcId,
  };
}
