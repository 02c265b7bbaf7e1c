/**
 * Interfaces that already carry a mirror session this policy does not own (another tool's, another mirrorctl
 * policy's, another account's). AWS bills every session by the hour but mirrors each packet only once, through
 * the lowest-numbered session whose filter accepts it: a second session to the same destination costs as much
 * and adds nothing, and one to another destination splits the traffic with the first. So each entry's
 * `alreadyMirrored` decides whether it adds a session there, and every group of such interfaces is reported
 * with the monthly cost at stake. Sessions the policy already owns are kept whatever the setting.
 */
import { estimateCost } from '../cost.js';
import { POLICY_TAG } from '../ownership.js';
import { isVectraMade } from '../scope/index.js';
import type { ObservedInstance, ObservedNetworkInterface, ObservedSession, ObservedTarget } from '../types/observed.js';
import type { PlanWarning } from '../types/plan.js';
import type { AlreadyMirrored, Policy, PolicyVpcEntry } from '../types/policy.js';
import type { PlanContext } from './context.js';
import type { EntryTarget } from './entry-targets.js';
import type { RegionIndex } from './observed-index.js';
import { skip, type ActiveEntry, type Candidate, type PlannedSession, type SessionsState } from './session-state.js';
import { compareStrings, listSome, plural } from './util.js';

/** Where an entry's sessions send traffic, by the target's id and by what the target sends to. */
export interface Destination {
  /** The traffic mirror target the entry's sessions use, when it exists before the apply. */
  readonly targetId?: string;
  /** `nlb:<arn>`, `eni:<id>` or `vpce:<id>`: two targets on the same resource are the same destination. */
  readonly resource?: string;
}

/** One warning's worth: an entry, the kind of session its interfaces already carry, and what it did there. */
export interface AlreadyMirroredGroup {
  readonly active: ActiveEntry;
  readonly mode: AlreadyMirrored;
  readonly madeBy: string;
  /** The other sessions are Vectra's, which `adopt: { vectra: true }` would take over instead. */
  readonly adoptable: boolean;
  readonly interfaces: string[];
  /** The sessions the entry would add there, in step with `interfaces`. */
  readonly sessionKeys: string[];
}

export const DEFAULT_ALREADY_MIRRORED: AlreadyMirrored = 'skip-same-target';

export const alreadyMirroredMode = (policy: Policy, entry: PolicyVpcEntry): AlreadyMirrored =>
  entry.alreadyMirrored ?? policy.alreadyMirrored ?? DEFAULT_ALREADY_MIRRORED;

type TargetShape = Pick<ObservedTarget, 'networkInterfaceId' | 'networkLoadBalancerArn' | 'gatewayLoadBalancerEndpointId'>;

function resourceOf(target: TargetShape | undefined): string | undefined {
  if (target?.networkLoadBalancerArn !== undefined) return `nlb:${target.networkLoadBalancerArn}`;
  if (target?.networkInterfaceId !== undefined) return `eni:${target.networkInterfaceId}`;
  if (target?.gatewayLoadBalancerEndpointId !== undefined) return `vpce:${target.gatewayLoadBalancerEndpointId}`;
  return undefined;
}

/**
 * The target the entry's sessions will use in this region: an existing one (owned, or an `existing` id) as
 * observed, otherwise the one the plan creates, as the policy defines it.
 */
export function entryDestination(
  ctx: PlanContext,
  index: RegionIndex,
  entry: PolicyVpcEntry,
  target: EntryTarget,
): Destination {
  if (!target.usable) return {};
  const targetId = target.ref.id;
  const observed = targetId === undefined ? undefined : index.targetById.get(targetId);
  const resource = resourceOf(observed ?? ctx.targets.get(entry.target)?.desired);
  return { ...(targetId === undefined ? {} : { targetId }), ...(resource === undefined ? {} : { resource }) };
}

export function sameDestination(index: RegionIndex, destination: Destination, session: ObservedSession): boolean {
  if (destination.targetId !== undefined && session.targetId === destination.targetId) return true;
  return destination.resource !== undefined && resourceOf(index.targetById.get(session.targetId)) === destination.resource;
}

/** Who made a session this policy does not own, as the scope module classifies it. */
function madeBy(index: RegionIndex, session: ObservedSession, named: boolean): string {
  switch (index.scope.session(session)) {
    case 'other-policy':
      return named ? `mirrorctl policy "${session.tags[POLICY_TAG] ?? ''}"` : 'another mirrorctl policy';
    case 'other-account':
      return named && session.ownerId !== undefined ? `account ${session.ownerId}` : 'another account';
    case 'adoptable':
      return isVectraMade({ type: 'session', description: session.description, tags: session.tags }) ? "Vectra's older tool" : 'another tool';
    case 'out-of-scope':
      return "a tool or policy outside this run's scope";
    case 'owned': // never asked: only sessions this policy does not own are described
    case 'foreign':
      return 'another tool';
  }
}

const costOf = (policy: Policy, region: string, sessions: number): number =>
  estimateCost([{ region, sessionsBefore: 0, sessionsAfter: sessions }], policy.sessionHourlyRates).monthlyAfter;

const usd = (amount: number): string => `$${amount.toFixed(2)}`;

function note(state: SessionsState, candidate: Candidate, mode: AlreadyMirrored, session: ObservedSession, eni: string): void {
  const madeByWhom = madeBy(state.index, session, false);
  const key = `${candidate.active.index}\0${mode}\0${madeByWhom}`;
  const group = state.alreadyMirrored.get(key);
  if (group === undefined) {
    const adoptable = state.index.scope.session(session) === 'adoptable' && isVectraMade({ type: 'session', tags: session.tags });
    const first = { active: candidate.active, mode, madeBy: madeByWhom, adoptable, interfaces: [eni], sessionKeys: [candidate.key] };
    state.alreadyMirrored.set(key, first);
  } else {
    group.interfaces.push(eni);
    group.sessionKeys.push(candidate.key);
  }
}

function skipDetail(
  index: RegionIndex,
  candidate: Candidate,
  eni: string,
  mode: AlreadyMirrored,
  others: readonly ObservedSession[],
): string {
  const { entry, target } = candidate.active;
  const sessions = others
    .map((session) => {
      const elsewhere = mode === 'skip-same-target' ? '' : `, to ${session.targetId}`;
      return `${session.id} (made by ${madeBy(index, session, true)}${elsewhere})`;
    })
    .join(', ');
  return mode === 'skip-same-target'
    ? `vpcs entry ${entry.key}: ${eni} is already mirrored to the destination of target ${target.name} by ${sessions}; ` +
        'no second session (alreadyMirrored: skip-same-target)'
    : `vpcs entry ${entry.key}: ${eni} already carries ${sessions}; no session to target ${target.name} (alreadyMirrored: skip-any)`;
}

/**
 * The new sessions that may be added next to `others`, the sessions on the interface this policy does not own;
 * the rest are skipped, by entry, as `already-mirrored`.
 */
export function screenAlreadyMirrored<T extends { readonly candidate: Candidate }>(
  state: SessionsState,
  instance: ObservedInstance,
  eni: ObservedNetworkInterface,
  fresh: readonly T[],
  others: readonly ObservedSession[],
): T[] {
  const allowed: T[] = [];
  for (const item of fresh) {
    const active = item.candidate.active;
    const mode = alreadyMirroredMode(state.ctx.policy, active.entry);
    const blocking =
      mode === 'add'
        ? []
        : mode === 'skip-any'
          ? others
          : others.filter((session) => sameDestination(state.index, active.destination, session));
    const first = blocking[0];
    if (first === undefined) {
      allowed.push(item);
      continue;
    }
    skip(state, instance, eni, 'already-mirrored', skipDetail(state.index, item.candidate, eni.id, mode, blocking));
    note(state, item.candidate, mode, first, eni.id);
  }
  return allowed;
}

/** New sessions an `add` entry puts next to `others` (after the session limit had its say): warned, with cost. */
export function noteAddedNextTo(
  state: SessionsState,
  eni: ObservedNetworkInterface,
  added: readonly { readonly candidate: Candidate }[],
  others: readonly ObservedSession[],
): void {
  const first = others[0];
  if (first === undefined) return;
  for (const { candidate } of added) {
    if (alreadyMirroredMode(state.ctx.policy, candidate.active.entry) === 'add') note(state, candidate, 'add', first, eni.id);
  }
}

const ONCE = 'AWS mirrors each packet only once, through the lowest-numbered session whose filter accepts it';

function warningFor(policy: Policy, region: string, group: Omit<AlreadyMirroredGroup, 'sessionKeys'>): PlanWarning {
  const { active, mode, madeBy: who, interfaces } = group;
  const count = interfaces.length;
  const cost = usd(costOf(policy, region, count));
  const have = count === 1 ? 'has' : 'have';
  const where = `${plural(count, 'interface')} (${listSome(interfaces)})`;
  const entry = `vpcs entry ${active.entry.key}`;
  const target = active.target.name;
  let message: string;
  switch (mode) {
    case 'skip-same-target':
      message =
        `${entry}: ${where} already ${have} a mirror session made by ${who} to the destination of target ${target}, ` +
        `so the entry adds none there (alreadyMirrored: skip-same-target); a second session would cost ${cost}/month ` +
        `and carry only what the other session's filter leaves, as ${ONCE}; ` +
        'set alreadyMirrored: add on the entry to add them anyway';
      break;
    case 'skip-any':
      message =
        `${entry}: ${where} already ${have} a mirror session made by ${who}, so the entry adds no session to target ` +
        `${target} there (alreadyMirrored: skip-any); adding them would cost ${cost}/month, and ${ONCE}; ` +
        'set alreadyMirrored: add on the entry to add them anyway, ' +
        'or skip-same-target to skip only those mirrored to the same destination';
      break;
    case 'add':
      message =
        `${entry}: ${where} ${count === 1 ? 'gets' : 'get'} a session to target ${target} next to a mirror session ` +
        `made by ${who} (alreadyMirrored: add): +${cost}/month, and since ${ONCE}, the sessions share the traffic ` +
        'rather than each getting all of it; ' +
        'set alreadyMirrored: skip-same-target or skip-any on the entry to leave these interfaces to the other session';
      break;
  }
  const adopt = group.adoptable
    ? "; or, to take Vectra's sessions over in place instead (tagged as this policy's, modified where the policy " +
      'differs, never deleted), add adopt: { vectra: true } to the policy'
    : '';
  return { code: mode === 'add' ? 'already-mirrored-session-added' : 'already-mirrored', region, message: message + adopt };
}

/**
 * One warning per group. An `add` group counts only the sessions still planned once the targets' source
 * limits had their say: the others are skipped, not added.
 */
export function alreadyMirroredWarnings(
  policy: Policy,
  region: string,
  groups: readonly AlreadyMirroredGroup[],
  planned: readonly PlannedSession[],
): PlanWarning[] {
  const adds = groups.some((group) => group.mode === 'add');
  const plannedKeys = adds ? new Set(planned.map((session) => session.key)) : new Set<string>();
  return groups.flatMap((group) => {
    if (group.mode !== 'add') return [warningFor(policy, region, group)];
    const interfaces = group.interfaces.filter((_eni, position) => plannedKeys.has(group.sessionKeys[position] ?? ''));
    return interfaces.length === 0 ? [] : [warningFor(policy, region, { ...group, interfaces })];
  });
}

/** The groups of one region's session planning, in a stable order. */
export const alreadyMirroredGroups = (state: SessionsState): AlreadyMirroredGroup[] =>
  [...state.alreadyMirrored].sort(([a], [b]) => compareStrings(a, b)).map(([, group]) => group);
