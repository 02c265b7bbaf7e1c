/**
 * Session actions: create what is new, modify in place what drifted (ModifyTrafficMirrorSession can change
 * everything but the source ENI, which is part of the key), adopt another tool's session the policy's `adopt`
 * names (the same in-place changes, plus the ownership tags), delete owned sessions nobody wants, with the
 * reason they are no longer wanted.
 */
import { legacyTagKeys, type AdoptionRule } from '../scope/index.js';
import type { ObservedSession } from '../types/observed.js';
import type { AttributeChange, DesiredSession, PlanAction, ResourceRef } from '../types/plan.js';
import type { Tags } from '../types/policy.js';
import { adoptAction, change, createAction, deleteAction, sameText, updateAction } from './actions.js';
import type { PlanContext } from './context.js';
import { emptyEntryDeleteReason } from './empty-entries.js';
import {
  entryAppliesTo,
  entrySelectsInstance,
  entrySelectsInterface,
  entrySelectsVpc,
  ineligibility,
} from './eligibility.js';
import { ownedSessionKey, type RegionIndex } from './observed-index.js';
import { sessionAsDesired, type ObservedRefs } from './observed-shapes.js';
import type { PlannedSession } from './session-state.js';
import { formatTags, plural } from './util.js';

/** AWS sets PacketLength 8500 on sessions to NLB targets when none is given. */
const NLB_DEFAULT_PACKET_LENGTH = 8500;

export interface SessionActionInputs {
  readonly ctx: PlanContext;
  readonly index: RegionIndex;
  readonly refs: ObservedRefs;
  readonly isLoadBalancerTarget: (ref: ResourceRef) => boolean;
}

/**
 * What the session will look like after the update. Attributes the policy leaves open keep their value:
 * AWS picked a random VNI and any is fine, and an NLB target's default packet length is not drift.
 */
function sessionChanges(
  inputs: SessionActionInputs,
  desired: DesiredSession,
  observed: ObservedSession,
): { after: DesiredSession; changes: AttributeChange[] } | undefined {
  const changes: AttributeChange[] = [];
  if (desired.target.id !== observed.targetId) {
    changes.push(change('target', inputs.refs.target(observed.targetId), desired.target));
  }
  if (desired.filter.id !== observed.filterId) {
    changes.push(change('filter', inputs.refs.filter(observed.filterId), desired.filter));
  }
  if (desired.sessionNumber !== observed.sessionNumber) {
    changes.push(change('sessionNumber', observed.sessionNumber, desired.sessionNumber));
  }
  let packetLength = desired.packetLength;
  if (packetLength === undefined && observed.packetLength !== undefined) {
    const nlbDefault =
      observed.packetLength === NLB_DEFAULT_PACKET_LENGTH && inputs.isLoadBalancerTarget(desired.target);
    if (nlbDefault) packetLength = observed.packetLength;
  }
  if (packetLength !== observed.packetLength) changes.push(change('packetLength', observed.packetLength, packetLength));
  const virtualNetworkId = desired.virtualNetworkId ?? observed.virtualNetworkId;
  if (virtualNetworkId !== observed.virtualNetworkId) {
    changes.push(change('virtualNetworkId', observed.virtualNetworkId, virtualNetworkId));
  }
  if (!sameText(observed.description, desired.description)) {
    changes.push(change('description', observed.description || undefined, desired.description));
  }
  if (changes.length === 0) return undefined;
  const { packetLength: _packetLength, virtualNetworkId: _vni, ...rest } = desired;
  const after: DesiredSession = {
    ...rest,
    ...(packetLength === undefined ? {} : { packetLength }),
    ...(virtualNetworkId === undefined ? {} : { virtualNetworkId }),
  };
  return { after, changes };
}

/** The tags a session keeps: all of them, but the other tool's markers under `--cleanup-legacy-tags`. */
function keptTags(inputs: SessionActionInputs, observed: ObservedSession): Tags {
  if (!inputs.ctx.cleanupLegacyTags) return observed.tags;
  const legacy = new Set(legacyTagKeys(inputs.ctx.policy.adopt, observed.tags));
  return Object.fromEntries(Object.entries(observed.tags).filter(([key]) => !legacy.has(key)));
}

function adoptReason(inputs: SessionActionInputs, session: PlannedSession & { observed: ObservedSession }, rule: AdoptionRule, modified: readonly string[]): string {
  const { ctx } = inputs;
  const entry = ctx.policy.vpcs[session.entryIndex]?.key ?? session.key;
  const madeBy =
    rule === 'vectra'
      ? "Vectra's session mirroring tool (adopt: vectra)"
      : `another tool (adopt.sessions.tags ${formatTags(ctx.policy.adopt?.sessionTags ?? {})})`;
  const changed = modified.length === 0 ? '' : `; modified in place: ${modified.join(', ')}`;
  const legacy = legacyTagKeys(ctx.policy.adopt, session.observed.tags);
  const its = `its ${legacy.join(', ')} ${legacy.length === 1 ? 'tag' : 'tags'}`;
  const tags =
    legacy.length === 0 ? '' : ctx.cleanupLegacyTags ? `; ${its} removed (--cleanup-legacy-tags)` : `; ${its} kept, so a rollback to it still works`;
  return `take over ${session.observed.id}, made by ${madeBy}, for vpcs entry ${entry}${changed}${tags}`;
}

export function plannedSessionActions(inputs: SessionActionInputs, planned: readonly PlannedSession[]): PlanAction[] {
  const region = inputs.index.region;
  const actions: PlanAction[] = [];
  for (const session of planned) {
    const entry = inputs.ctx.policy.vpcs[session.entryIndex];
    const who = session.desired.instanceId === undefined ? '' : ` of ${session.desired.instanceId}`;
    const observed = session.observed;
    if (observed === undefined) {
      const reason = `mirror ${session.desired.networkInterfaceId}${who} (vpcs entry ${entry?.key ?? session.key})`;
      actions.push(createAction({ region, type: 'session', key: session.key, reason }, session.desired));
      continue;
    }
    const diff = sessionChanges(inputs, session.desired, observed);
    const before = sessionAsDesired(observed, inputs.index, inputs.refs);
    const parts = (reason: string) => ({ region, type: 'session' as const, key: session.key, reason });
    if (session.adoptedUnder !== undefined) {
      // Another tool's session becomes this policy's: its own tags stay (rollback), the ownership tags join them.
      const after: DesiredSession = { ...(diff?.after ?? session.desired), tags: { ...keptTags(inputs, observed), ...session.desired.tags } };
      const changes = [...(diff?.changes ?? []), change('tags', observed.tags, after.tags)];
      const reason = adoptReason(inputs, { ...session, observed }, session.adoptedUnder, (diff?.changes ?? []).map((item) => item.attribute));
      actions.push(adoptAction(parts(reason), observed.id, before, after, changes));
      continue;
    }
    const tags = keptTags(inputs, observed);
    const cleanup = Object.keys(tags).length === Object.keys(observed.tags).length ? [] : [change('tags', observed.tags, tags)];
    if (diff === undefined && cleanup.length === 0) continue;
    const after: DesiredSession = { ...(diff?.after ?? session.desired), ...(cleanup.length === 0 ? {} : { tags }) };
    const changes = [...(diff?.changes ?? []), ...cleanup];
    const removed = cleanup.length === 0 ? '' : ` (${plural(Object.keys(observed.tags).length - Object.keys(tags).length, 'legacy tag')} removed: --cleanup-legacy-tags)`;
    const reason = `changed: ${changes.map((item) => item.attribute).join(', ')}${removed}`;
    actions.push(updateAction(parts(reason), observed.id, before, after, changes));
  }
  return actions;
}

/** Under `allowEmptyEntries`, what lets a session of an entry that matches nothing be deleted at all. */
function emptyReason(inputs: SessionActionInputs, session: ObservedSession, key: string): string | undefined {
  const entryKey = key.slice('session/'.length, key.length - session.networkInterfaceId.length - 1);
  const empty = inputs.ctx.deletableEmptyEntries.get(entryKey);
  return empty === undefined ? undefined : emptyEntryDeleteReason(empty);
}

/** Why an owned session is not wanted, found by walking the selection from the entry down to the interface. */
function dropReason(inputs: SessionActionInputs, session: ObservedSession, key: string): string {
  const { ctx, index } = inputs;
  const eniId = session.networkInterfaceId;
  const entryKey = key.slice('session/'.length, key.length - eniId.length - 1);
  const entryIndex = ctx.entryIndexByKey.get(entryKey);
  const entry = entryIndex === undefined ? undefined : ctx.policy.vpcs[entryIndex];
  if (entry === undefined) return `vpcs entry ${entryKey} is no longer in the policy`;
  if (!entryAppliesTo(entry, index.region)) return `vpcs entry ${entryKey} no longer applies to ${index.region}`;
  const eni = index.interfaceById.get(eniId);
  if (eni === undefined) return `interface ${eniId} no longer exists`;
  const instance = index.instanceById.get(eni.attachment?.instanceId ?? '');
  if (instance === undefined) return `interface ${eniId} is not attached to an instance`;
  const vpcId = instance.vpcId ?? eni.vpcId;
  if (!entrySelectsVpc(entry, index, vpcId)) return `VPC ${vpcId} is no longer selected by vpcs entry ${entryKey}`;
  if (!entrySelectsInstance(entry, instance)) {
    return `instance ${instance.id} does not carry the tags ${formatTags(entry.instanceTags ?? {})} of vpcs entry ${entryKey}`;
  }
  if (!entrySelectsInterface(entry, eni)) return `vpcs entry ${entryKey} mirrors primary interfaces only`;
  const problem = ineligibility(ctx, index, instance, eni);
  if (problem !== undefined) return problem.detail;
  return `no longer wanted by vpcs entry ${entryKey}`;
}

export function sessionDeletes(
  inputs: SessionActionInputs,
  keptIds: ReadonlySet<string>,
  dropReasons: ReadonlyMap<string, string>,
): PlanAction[] {
  const { ctx, index } = inputs;
  const region = index.region;
  const actions: PlanAction[] = [];
  const emitted = new Set<string>();
  for (const session of index.sessions) {
    if (!index.scope.mayChangeSession(session) || keptIds.has(session.id)) continue;
    const key = ownedSessionKey(session, index.scope);
    const before = sessionAsDesired(session, index, inputs.refs);
    if (key === undefined) {
      const reason = `owned by policy ${ctx.policy.name} but its mirrorctl:key tag is missing or does not name its interface`;
      actions.push(deleteAction({ region, type: 'session', key: session.id, reason }, session.id, before));
      continue;
    }
    const reason = dropReasons.get(session.id) ?? emptyReason(inputs, session, key) ?? dropReason(inputs, session, key);
    // Action ids must be unique: a second copy, or a copy of a kept session, gets its AWS id in its action id.
    const duplicate = emitted.has(key) || keyHeldByKeptSession(inputs, key, keptIds);
    emitted.add(key);
    actions.push(deleteAction({ region, type: 'session', key, reason }, session.id, before, duplicate));
  }
  return actions;
}

function keyHeldByKeptSession(inputs: SessionActionInputs, key: string, keptIds: ReadonlySet<string>): boolean {
  return (inputs.index.ownedSessions.byKey.get(key) ?? []).some((session) => keptIds.has(session.id));
}
