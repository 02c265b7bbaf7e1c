/**
 * What an event asks of the healer: nothing (and why), the sessions of some instances or interfaces of one
 * region (a scoped run), or the whole region (a full reconcile, exactly `apply --auto-approve` there).
 * Pure: the policy and the healer's own identity come in, a decision comes out.
 */
import type { Policy } from '../core/types/policy.js';
import { attachedInterface, createdSessionInterface, modifiedSession, tagChange } from './cloudtrail.js';
import { isOwnCall, type SelfIdentity } from './own-calls.js';
import type { HealEvent, ParsedEvent } from './types.js';

export type IgnoreReason =
  | 'unrecognised-event'
  | 'failed-call'
  | 'own-call'
  | 'other-account'
  | 'region-not-in-policy'
  | 'region-unknown'
  | 'event-not-handled'
  | 'tags-not-used-by-policy';

export interface ScopeRequest {
  readonly region: string;
  /** Every interface of these instances. */
  readonly instanceIds: readonly string[];
  readonly interfaceIds: readonly string[];
  /** The interfaces of these sessions (a modified session names no interface). */
  readonly sessionIds: readonly string[];
  /**
   * Interfaces that were detached (a DetachNetworkInterface names only the attachment; a terminated instance
   * leaves its non-DeleteOnTermination interfaces behind) and still carry this policy's sessions.
   */
  readonly detached: boolean;
}

export type Trigger =
  | { readonly kind: 'ignore'; readonly reason: IgnoreReason; readonly detail: string }
  | ({ readonly kind: 'scope'; readonly why: string } & ScopeRequest)
  | { readonly kind: 'reconcile'; readonly region: string; readonly why: string };

export interface TriggerContext {
  readonly policy: Policy;
  readonly self: SelfIdentity;
  /** The region a schedule that names none is for: the function's own. */
  readonly defaultRegion: string | undefined;
}

const ignore = (reason: IgnoreReason, detail: string): Trigger => ({ kind: 'ignore', reason, detail });

const scope = (region: string, why: string, parts: Partial<Omit<ScopeRequest, 'region'>>): Trigger => ({
  kind: 'scope',
  region,
  why,
  instanceIds: parts.instanceIds ?? [],
  interfaceIds: parts.interfaceIds ?? [],
  sessionIds: parts.sessionIds ?? [],
  detached: parts.detached ?? false,
});

/** Changes to shared resources, or to a session whose interface is gone from view: only a full run can tell. */
const RECONCILE_ON = new Map([
  ['DeleteTrafficMirrorSession', 'a deleted session names no interface'],
  ['DeleteTrafficMirrorTarget', 'a target was deleted'],
  ['DeleteTrafficMirrorFilter', 'a filter was deleted'],
  ['DeleteTrafficMirrorFilterRule', 'a filter rule was deleted'],
]);

/** Tag keys the policy reads on instances (exclusions, whitelists) and on VPCs (tag-selected entries). */
export function policyTagKeys(policy: Policy): { instance: Set<string>; vpc: Set<string> } {
  const instance = new Set(Object.keys(policy.exclude.tags));
  const vpc = new Set<string>();
  for (const entry of policy.vpcs) {
    for (const key of Object.keys(entry.instanceTags ?? {})) instance.add(key);
    if (entry.selector.kind === 'tags') for (const key of Object.keys(entry.selector.tags)) vpc.add(key);
  }
  return { instance, vpc };
}

function tagTrigger(event: Extract<HealEvent, { kind: 'api-call' }>, policy: Policy): Trigger {
  const change = tagChange(event.requestParameters);
  if (change === undefined) return { kind: 'reconcile', region: event.region, why: `${event.eventName} named no resources` };
  const keys = policyTagKeys(policy);
  const touches = (used: Set<string>): boolean => change.keys === undefined || change.keys.some((key) => used.has(key));
  const vpcs = change.resourceIds.filter((id) => id.startsWith('vpc-'));
  if (vpcs.length > 0 && touches(keys.vpc)) {
    return { kind: 'reconcile', region: event.region, why: `${event.eventName} on ${vpcs.join(', ')} changes which VPCs are tapped` };
  }
  const instances = change.resourceIds.filter((id) => id.startsWith('i-'));
  if (instances.length > 0 && touches(keys.instance)) {
    return scope(event.region, `${event.eventName} on ${instances.join(', ')}`, { instanceIds: instances });
  }
  const keyList = change.keys === undefined ? 'all tags' : change.keys.join(', ') || 'no tags';
  return ignore('tags-not-used-by-policy', `${event.eventName} of ${keyList} on ${change.resourceIds.join(', ')}: the policy selects by none of them`);
}

function apiCallTrigger(event: Extract<HealEvent, { kind: 'api-call' }>, context: TriggerContext): Trigger {
  const { eventName, region } = event;
  if (event.errorCode !== undefined) return ignore('failed-call', `${eventName} failed (${event.errorCode}): nothing changed`);
  if (isOwnCall(event.caller, context.self)) return ignore('own-call', `${eventName} was made by this healer (${context.self.arn})`);
  const reconcileWhy = RECONCILE_ON.get(eventName);
  if (reconcileWhy !== undefined) return { kind: 'reconcile', region, why: `${eventName}: ${reconcileWhy}` };
  switch (eventName) {
    case 'AttachNetworkInterface': {
      const attached = attachedInterface(event.requestParameters);
      if (attached === undefined) return { kind: 'reconcile', region, why: `${eventName} named no interface` };
      return scope(region, `${eventName} of ${attached.interfaceId}`, { interfaceIds: [attached.interfaceId] });
    }
    case 'DetachNetworkInterface':
      return scope(region, `${eventName} (it names the attachment, not the interface)`, { detached: true });
    case 'CreateTags':
    case 'DeleteTags':
      return tagTrigger(event, context.policy);
    case 'CreateTrafficMirrorSession': {
      const eni = createdSessionInterface(event.requestParameters);
      if (eni === undefined) return { kind: 'reconcile', region, why: `${eventName} named no interface` };
      return scope(region, `${eventName} on ${eni}`, { interfaceIds: [eni] });
    }
    case 'ModifyTrafficMirrorSession': {
      const session = modifiedSession(event.requestParameters);
      if (session === undefined) return { kind: 'reconcile', region, why: `${eventName} named no session` };
      return scope(region, `${eventName} of ${session}`, { sessionIds: [session] });
    }
    default:
      return ignore('event-not-handled', `mirrorctl does not react to ${eventName}`);
  }
}

function eventTrigger(event: HealEvent, context: TriggerContext): Trigger {
  const region = event.region ?? context.defaultRegion;
  if (region === undefined) return ignore('region-unknown', 'the event names no region and the healer runs in none');
  if (event.account !== undefined && event.account !== context.self.accountId) {
    return ignore('other-account', `the event is from account ${event.account}; this healer works on ${context.self.accountId}`);
  }
  if (!context.policy.regions.includes(region)) {
    return ignore('region-not-in-policy', `${region} is not one of the policy's regions (${context.policy.regions.join(', ')})`);
  }
  switch (event.kind) {
    case 'schedule':
      return { kind: 'reconcile', region, why: 'scheduled reconcile' };
    case 'instance-state': {
      const why = `${event.instanceId} is ${event.state}`;
      // A terminated instance's other interfaces are detached, with their sessions still billing.
      const detached = event.state === 'terminated';
      return scope(region, why, { instanceIds: [event.instanceId], detached });
    }
    case 'api-call':
      return apiCallTrigger({ ...event, region }, context);
  }
}

export function triggerOf(parsed: ParsedEvent, context: TriggerContext): Trigger {
  return parsed.ok ? eventTrigger(parsed.event, context) : ignore('unrecognised-event', parsed.problem);
}
