/**
 * What full discovery (src/aws/discover/region.ts) reads of an account for a policy, cut out of an observation
 * of everything: the property test plans from it, and the sandbox test checks discovery reads exactly it.
 *
 * Per region: every VPC, session, target and filter; the live instances of the VPCs the policy's entries
 * select (all of them when the entries select every VPC), with their interfaces; the interfaces AWS manages in
 * those VPCs; then by id the interfaces that the policy's sessions, its interface targets and its existing
 * targets name, and those of the instances read that lie in an unselected VPC, and the instances those
 * interfaces are attached to. Interface tags are never observed.
 */
import { POLICY_TAG } from '../../src/core/ownership.js';
import { selectedVpcIds } from '../../src/core/planner/eligibility.js';
import type { ObservedAccount, ObservedNetworkInterface, ObservedRegion } from '../../src/core/types/observed.js';
import type { Policy } from '../../src/core/types/policy.js';

const withoutTags = ({ tags: _tags, ...eni }: ObservedNetworkInterface): ObservedNetworkInterface => eni;

function regionSlice(full: ObservedRegion, policy: Policy | undefined): ObservedRegion {
  const selection = policy === undefined ? 'all' : selectedVpcIds(policy, full.region, full.vpcs);
  const inSelection = (vpcId: string | undefined) => selection === 'all' || (vpcId !== undefined && selection.has(vpcId));
  const instances = full.instances.filter((instance) => inSelection(instance.vpcId));
  const instanceIds = new Set(instances.map((instance) => instance.id));
  const listed = full.networkInterfaces.filter((eni) => instanceIds.has(eni.attachment?.instanceId ?? ''));
  const requesterManaged = full.networkInterfaces.filter((eni) => eni.requesterManaged && inSelection(eni.vpcId));

  const targetInterfaces = new Set(
    Object.values(policy?.targets ?? {}).flatMap((target) => (target.spec.kind === 'network-interface' ? [target.spec.networkInterfaceId] : [])),
  );
  const existing = new Set(
    Object.values(policy?.targets ?? {}).flatMap((target) => (target.spec.kind === 'existing' ? [target.spec.trafficMirrorTargetId] : [])),
  );
  const mayBeOwned = (tags: Readonly<Record<string, string>>) => policy === undefined || tags[POLICY_TAG] === policy.name;
  const sessions = full.sessions;

  const uncovered = selection === 'all' ? [] : listed.filter((eni) => !inSelection(eni.vpcId)).map((eni) => eni.id);
  const named = new Set([
    ...targetInterfaces,
    ...sessions.filter((session) => mayBeOwned(session.tags)).map((session) => session.networkInterfaceId),
    ...full.targets.filter((target) => existing.has(target.id)).flatMap((target) => (target.networkInterfaceId === undefined ? [] : [target.networkInterfaceId])),
    ...uncovered,
  ]);
  const byId = full.networkInterfaces.filter((eni) => named.has(eni.id));
  const owners = new Set(byId.flatMap((eni) => (eni.attachment?.instanceId === undefined ? [] : [eni.attachment.instanceId])));
  const others = full.instances.filter((instance) => owners.has(instance.id) && !instanceIds.has(instance.id));

  const interfaces = new Map<string, ObservedNetworkInterface>();
  for (const eni of [...listed, ...requesterManaged, ...byId]) interfaces.set(eni.id, withoutTags(eni));
  const allInstances = [...instances, ...others];
  const types = new Set(allInstances.map((instance) => instance.type));
  const byIdOrder = <T extends { readonly id: string }>(items: readonly T[]) => [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    region: full.region,
    vpcs: full.vpcs,
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
