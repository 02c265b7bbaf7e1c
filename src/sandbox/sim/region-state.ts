/**
 * One simulated region: its resources plus the indexes the AWS limits need, kept in step by the only
 * methods that add or remove sessions, targets and interfaces.
 */
import { Collection } from './collection.js';
import type {
  ClientTokenRecord,
  EniRecord,
  FilterRecord,
  InstanceRecord,
  ListenerRecord,
  LoadBalancerRecord,
  RuleRecord,
  SessionRecord,
  SubnetRecord,
  TargetGroupRecord,
  TargetRecord,
  VpcRecord,
} from './records.js';

function addToIndex(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

const interfaceResourceKey = (eniId: string): string => `network-interface ${eniId}`;

/**
 * The resource a target sends to, as one key. AWS holds one target per NLB and per interface in an account,
 * so the create handler looks targets up by it.
 */
export function targetResourceKey(
  target: Pick<TargetRecord, 'networkInterfaceId' | 'networkLoadBalancerArn' | 'gatewayLoadBalancerEndpointId'>,
): string | undefined {
  if (target.networkInterfaceId !== undefined) return interfaceResourceKey(target.networkInterfaceId);
  if (target.networkLoadBalancerArn !== undefined) return `network-load-balancer ${target.networkLoadBalancerArn}`;
  if (target.gatewayLoadBalancerEndpointId !== undefined) {
    return `gateway-load-balancer-endpoint ${target.gatewayLoadBalancerEndpointId}`;
  }
  return undefined;
}

function removeFromIndex(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}

export class RegionState {
  readonly name: string;
  readonly vpcs = new Collection<VpcRecord>();
  readonly subnets = new Collection<SubnetRecord>();
  readonly instances = new Collection<InstanceRecord>();
  readonly networkInterfaces = new Collection<EniRecord>();
  readonly targets = new Collection<TargetRecord>();
  readonly filters = new Collection<FilterRecord>();
  readonly rules = new Collection<RuleRecord>();
  readonly sessions = new Collection<SessionRecord>();
  readonly loadBalancers = new Collection<LoadBalancerRecord>();
  readonly targetGroups = new Collection<TargetGroupRecord>();
  readonly listeners = new Collection<ListenerRecord>();
  /** Keyed by `${action} ${token}`. */
  readonly clientTokens = new Map<string, ClientTokenRecord>();
  idSequence = 0;

  private readonly sessionsByInterface = new Map<string, Set<string>>();
  private readonly sessionsByTarget = new Map<string, Set<string>>();
  private readonly sessionsByFilter = new Map<string, Set<string>>();
  private readonly targetsByResource = new Map<string, Set<string>>();
  /** Interface → session number → until when a deleted session still holds it (delete propagation). */
  private readonly heldNumbers = new Map<string, Map<number, number>>();
  /** When each resource created by an API call became known, for the eventual-consistency window. */
  private readonly createdAt = new Map<string, number>();
  /**
   * Ids of records another account of the sandbox holds and this one only sees through RAM: a target shared
   * with it, or, in a shared target's owner, the recipients' sessions on it. They are not written back here.
   */
  private readonly linked = new Map<string, 'target' | 'session'>();
  private readonly linkedCounts = { target: 0, session: 0 };

  constructor(name: string) {
    this.name = name;
  }

  markCreated(id: string, at: number): void {
    this.createdAt.set(id, at);
  }

  createdTime(id: string): number | undefined {
    return this.createdAt.get(id);
  }

  addSession(session: SessionRecord): void {
    this.sessions.add(session);
    addToIndex(this.sessionsByInterface, session.networkInterfaceId, session.id);
    addToIndex(this.sessionsByTarget, session.targetId, session.id);
    addToIndex(this.sessionsByFilter, session.filterId, session.id);
  }

  removeSession(id: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    removeFromIndex(this.sessionsByInterface, session.networkInterfaceId, id);
    removeFromIndex(this.sessionsByTarget, session.targetId, id);
    removeFromIndex(this.sessionsByFilter, session.filterId, id);
  }

  /** A deleted session's number stays taken on its interface until `until`. */
  holdSessionNumber(eniId: string, sessionNumber: number, until: number): void {
    let held = this.heldNumbers.get(eniId);
    if (!held) this.heldNumbers.set(eniId, (held = new Map()));
    held.set(sessionNumber, until);
  }

  sessionNumberHeld(eniId: string, sessionNumber: number, now: number): boolean {
    const until = this.heldNumbers.get(eniId)?.get(sessionNumber);
    return until !== undefined && now < until;
  }

  retargetSession(session: SessionRecord, targetId: string, filterId: string): void {
    removeFromIndex(this.sessionsByTarget, session.targetId, session.id);
    removeFromIndex(this.sessionsByFilter, session.filterId, session.id);
    session.targetId = targetId;
    session.filterId = filterId;
    addToIndex(this.sessionsByTarget, targetId, session.id);
    addToIndex(this.sessionsByFilter, filterId, session.id);
  }

  sessionsOnInterface(eniId: string): SessionRecord[] {
    return this.resolve(this.sessionsByInterface.get(eniId));
  }

  sessionsUsingTarget(targetId: string): SessionRecord[] {
    return this.resolve(this.sessionsByTarget.get(targetId));
  }

  filterInUse(filterId: string): boolean {
    return (this.sessionsByFilter.get(filterId)?.size ?? 0) > 0;
  }

  addTarget(target: TargetRecord): void {
    this.targets.add(target);
    const resource = targetResourceKey(target);
    if (resource !== undefined) addToIndex(this.targetsByResource, resource, target.id);
  }

  removeTarget(id: string): void {
    const target = this.targets.get(id);
    if (!target) return;
    this.targets.delete(id);
    const resource = targetResourceKey(target);
    if (resource !== undefined) removeFromIndex(this.targetsByResource, resource, id);
  }

  /** Every target on this resource (a `targetResourceKey`), whichever account owns it, visible yet or not. */
  targetsOn(resource: string): TargetRecord[] {
    const targets: TargetRecord[] = [];
    for (const id of this.targetsByResource.get(resource) ?? []) {
      const target = this.targets.get(id);
      if (target) targets.push(target);
    }
    return targets;
  }

  isMirrorTarget(eniId: string): boolean {
    return this.targetsByResource.has(interfaceResourceKey(eniId));
  }

  /** Shows another account's target, shared with this one. */
  linkTarget(target: TargetRecord): void {
    this.addTarget(target);
    if (!this.linked.has(target.id)) this.linkedCounts.target += 1;
    this.linked.set(target.id, 'target');
  }

  /** Shows another account's session on a target this account shares. */
  linkSession(session: SessionRecord): void {
    this.addSession(session);
    if (!this.linked.has(session.id)) this.linkedCounts.session += 1;
    this.linked.set(session.id, 'session');
  }

  unlinkSession(id: string): void {
    if (this.linked.get(id) !== 'session') return;
    this.removeSession(id);
    this.linked.delete(id);
    this.linkedCounts.session -= 1;
  }

  isLinked(id: string): boolean {
    return this.linked.has(id);
  }

  /** How many records of a kind are other accounts': quotas count the account's own only. */
  linkedCount(kind: 'target' | 'session'): number {
    return this.linkedCounts[kind];
  }

  /** Ids of the linked sessions `ownerId` holds. */
  linkedSessionsOf(ownerId: string): string[] {
    const ids: string[] = [];
    for (const [id, kind] of this.linked) if (kind === 'session' && this.sessions.get(id)?.ownerId === ownerId) ids.push(id);
    return ids;
  }

  /** AWS deletes the sessions of an interface that goes away. */
  removeNetworkInterface(eniId: string): void {
    const eni = this.networkInterfaces.get(eniId);
    if (!eni) return;
    for (const session of this.sessionsOnInterface(eniId)) this.removeSession(session.id);
    if (eni.attachment) this.detach(eni);
    this.networkInterfaces.delete(eniId);
  }

  detach(eni: EniRecord): void {
    const instance = eni.attachment && this.instances.get(eni.attachment.instanceId);
    if (instance) instance.interfaceIds = instance.interfaceIds.filter((id) => id !== eni.id);
    eni.attachment = undefined;
    eni.status = 'available';
  }

  instanceOf(eni: EniRecord): InstanceRecord | undefined {
    return eni.attachment && this.instances.get(eni.attachment.instanceId);
  }

  hasId(id: string): boolean {
    return (
      this.sessions.has(id) ||
      this.targets.has(id) ||
      this.filters.has(id) ||
      this.rules.has(id) ||
      this.networkInterfaces.has(id) ||
      this.instances.has(id) ||
      this.vpcs.has(id) ||
      this.subnets.has(id)
    );
  }

  private resolve(ids: Set<string> | undefined): SessionRecord[] {
    if (!ids) return [];
    const sessions: SessionRecord[] = [];
    for (const id of ids) {
      const session = this.sessions.get(id);
      if (session) sessions.push(session);
    }
    return sessions;
  }
}
