/**
 * What scoped discovery (src/aws/discover/scoped.ts) reads for a set of interfaces, cut out of a full
 * observation: the property test plans from it, and the sandbox test checks discovery reads exactly it.
 */
import { POLICY_TAG } from '../../src/core/ownership.js';
import type { ObservedAccount } from '../../src/core/types/observed.js';
import type { Policy } from '../../src/core/types/policy.js';

export function sliceFor(observed: ObservedAccount, policy: Policy, region: string, scope: ReadonlySet<string>): ObservedAccount {
  const full = observed.regions.find((item) => item.region === region);
  if (full === undefined) throw new Error(`${region} not observed`);
  const sensors = new Set(
    Object.values(policy.targets).flatMap((target) => (target.spec.kind === 'network-interface' ? [target.spec.networkInterfaceId] : [])),
  );
  const existing = new Set(
    Object.values(policy.targets).flatMap((target) => (target.spec.kind === 'existing' ? [target.spec.trafficMirrorTargetId] : [])),
  );
  // A target referenced by id may sit on a sensor's interface: its instance sets the target's source limit.
  for (const target of full.targets) {
    if (target.type === 'network-interface' && existing.has(target.id) && target.networkInterfaceId !== undefined) sensors.add(target.networkInterfaceId);
  }
  const interfaces = full.networkInterfaces.filter((eni) => scope.has(eni.id) || sensors.has(eni.id));
  const owners = new Set(interfaces.flatMap((eni) => (eni.attachment?.instanceId === undefined ? [] : [eni.attachment.instanceId])));
  const instances = full.instances.filter((instance) => owners.has(instance.id));
  const interfaceTargets = new Set(
    full.targets
      .filter((target) => target.type === 'network-interface' && (sensors.has(target.networkInterfaceId ?? '') || existing.has(target.id)))
      .map((target) => target.id),
  );
  const vpcIds = new Set([...instances.flatMap((item) => (item.vpcId === undefined ? [] : [item.vpcId])), ...interfaces.map((eni) => eni.vpcId)]);
  const types = new Set(instances.map((instance) => instance.type));
  return {
    ...(observed.accountId === undefined ? {} : { accountId: observed.accountId }),
    regions: [
      {
        region,
        vpcs: full.vpcs.filter((vpc) => vpcIds.has(vpc.id)),
        instances,
        networkInterfaces: interfaces,
        instanceTypes: full.instanceTypes.filter((facts) => types.has(facts.type)),
        targets: full.targets,
        filters: full.filters.filter((filter) => filter.tags[POLICY_TAG] === policy.name),
        sessions: full.sessions.filter((session) => scope.has(session.networkInterfaceId) || interfaceTargets.has(session.targetId)),
        ...(full.loadBalancers === undefined ? {} : { loadBalancers: full.loadBalancers }),
      },
    ],
  };
}
