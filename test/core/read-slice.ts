/**
 * What full discovery (src/aws/discover/region.ts) reads of an account for a policy, cut out of an observation
 * of everything: the property test plans from it, and the sandbox test checks discovery reads exactly it.
 *
 * Per region: every session, target and filter; the live instances of the VPCs the policy's entries select
 * (all of them when the entries select every VPC), with their interfaces; then by id the interfaces that the
 * policy's sessions, its interface targets and its existing targets name, and the instances those interfaces
 * are attached to. VPCs: every one, unless every entry of the region names its VPC by id (and no target
 * picks sensors): then only the named ones that exist, without tags when an instance read is in them.
 * Interface tags are never observed, nor interfaces no instance read lists and nothing names, except, in a
 * snapshot (no policy), the interfaces AWS manages.
 */
import { POLICY_TAG } from '../../src/core/ownership.js';
import { entryAppliesTo, selectedVpcIds } from '../../src/core/planner/eligibility.js';
import type { ObservedAccount, ObservedNetworkInterface, ObservedRegion, ObservedVpc } from '../../src/core/types/observed.js';
import type { Policy } from '../../src/core/types/policy.js';

const withoutTags = ({ tags: _tags, ...eni }: ObservedNetworkInterface): ObservedNetworkInterface => eni;

/** The VPCs the entries of `region` name by id, when they all do so (and no target picks sensors). */
function namedById(policy: Policy | undefined, region: string): ReadonlySet<string> | undefined {
  if (policy === undefined) return undefined;
  if (Object.values(policy.targets).some((target) => target.spec.kind === 'managed-load-balancer' || target.spec.kind === 'interface-pool')) return undefined;
  const entries = policy.vpcs.filter((entry) => entryAppliesTo(entry, region));
  if (entries.some((entry) => entry.selector.kind !== 'id')) return undefined;
  return new Set(entries.flatMap((entry) => (entry.selector.kind === 'id' ? [entry.selector.vpcId] : [])));
}

function regionSlice(full: ObservedRegion, policy: Policy | undefined): ObservedRegion {
  const named = namedById(policy, full.region);
  const selection = named ?? (policy === undefined ? 'all' : selectedVpcIds(policy, full.region, full.vpcs));
  const inSelection = (vpcId: string | undefined) => selection === 'all' || (vpcId !== undefined && selection.has(vpcId));
  const instances = full.instances.filter((instance) => inSelection(instance.vpcId));
  const instanceIds = new Set(instances.map((instance) => instance.id));
  const listed = full.networkInterfaces.filter((eni) => instanceIds.has(eni.attachment?.instanceId ?? ''));
  const requesterManaged = policy === undefined ? full.networkInterfaces.filter((eni) => eni.requesterManaged) : [];
  const seenVpcs = new Set([...instances.map((instance) => instance.vpcId), ...listed.map((eni) => eni.vpcId)]);
  const vpcs: readonly ObservedVpc[] =
    named === undefined
      ? full.vpcs
      : full.vpcs.filter((vpc) => named.has(vpc.id)).map((vpc) => (seenVpcs.has(vpc.id) ? { id: vpc.id, tags: {} } : vpc));

  const targetInterfaces = new Set(
    Object.values(policy?.targets ?? {}).flatMap((target) => (target.spec.kind === 'network-interface' ? [target.spec.networkInterfaceId] : [])),
  );
  const existing = new Set(
    Object.values(policy?.targets ?? {}).flatMap((target) => (target.spec.kind === 'existing' ? [target.spec.trafficMirrorTargetId] : [])),
  );
  const mayBeOwned = (tags: Readonly<Record<string, string>>) => policy === undefined || tags[POLICY_TAG] === policy.name;
  const sessions = full.sessions;

  const wanted = new Set([
    ...targetInterfaces,
    ...sessions.filter((session) => mayBeOwned(session.tags)).map((session) => session.networkInterfaceId),
    ...full.targets.filter((target) => existing.has(target.id)).flatMap((target) => (target.networkInterfaceId === undefined ? [] : [target.networkInterfaceId])),
  ]);
  const byId = full.networkInterfaces.filter((eni) => wanted.has(eni.id));
  const owners = new Set(byId.flatMap((eni) => (eni.attachment?.instanceId === undefined ? [] : [eni.attachment.instanceId])));
  const others = full.instances.filter((instance) => owners.has(instance.id) && !instanceIds.has(instance.id));

  const interfaces = new Map<string, ObservedNetworkInterface>();
  for (const eni of [...listed, ...requesterManaged, ...byId]) interfaces.set(eni.id, withoutTags(eni));
  const allInstances = [...instances, ...others];
  const types = new Set(allInstances.map((instance) => instance.type));
  const byIdOrder = <T extends { readonly id: string }>(items: readonly T[]) => [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    region: full.region,
    vpcs: byIdOrder(vpcs),
    instances: byIdOrder(allInstances),
    networkInterfaces: byIdOrder([...interfaces.values()]),
    instanceTypes: full.instanceTypes.filter((facts) => types.has(facts.type)),
    targets: full.targets,
    filters: full.filters,
    sessions: byIdOrder(sessions),
    ...(full.loadBalancers === undefined ? {} : { loadBalancers: full.loadBalancers }),
  };
}

export function readSlice(observed: ObservedAccount, policy: Policy | undefined): ObservedAccount {
  return {
    ...(observed.accountId === undefined ? {} : { accountId: observed.accountId }),
    regions: observed.regions.map((region) => regionSlice(region, policy)),
  };
}
