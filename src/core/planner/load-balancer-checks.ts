/**
 * Safety checks for policy targets that are Network Load Balancers, from what discovery read about them:
 * - the sensors registered behind one must never be tapped: mirroring them mirrors the mirror, a loop that
 *   eats all the bandwidth. Instance targets are matched by id, IP targets by an interface's private IP;
 * - an NLB without a UDP listener on port 4789 drops mirrored traffic, and AWS reports no error (§4.3).
 * A load balancer discovery did not read is not checked: no data is not evidence of a problem.
 */
import type { ObservedLoadBalancer } from '../types/observed.js';
import type { PlanWarning } from '../types/plan.js';
import type { Policy } from '../types/policy.js';
import type { RegionIndex } from './observed-index.js';
import type { ResolvedTarget } from './resolve-targets.js';
import { compareStrings } from './util.js';

/** VXLAN, the encapsulation of mirrored packets. */
const VXLAN_PORT = 4789;
const VXLAN_PROTOCOLS = new Set(['UDP', 'TCP_UDP']);

export interface LoadBalancerChecks {
  /** Region → instance id → why the instance is a sensor that must not be tapped. */
  readonly sensors: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly warnings: readonly PlanWarning[];
}

interface NlbTarget {
  readonly name: string;
  readonly arn: string;
  readonly index: RegionIndex;
  readonly observed: ObservedLoadBalancer;
}

function observedNlbTargets(
  policy: Policy,
  targets: ReadonlyMap<string, ResolvedTarget>,
  indexes: readonly RegionIndex[],
): NlbTarget[] {
  const found: NlbTarget[] = [];
  for (const target of Object.values(policy.targets).sort((a, b) => compareStrings(a.name, b.name))) {
    if (target.spec.kind !== 'network-load-balancer') continue;
    const arn = target.spec.networkLoadBalancerArn;
    const region = targets.get(target.name)?.region;
    const index = indexes.find((candidate) => candidate.region === region);
    const observed = index?.loadBalancerByArn.get(arn);
    if (index !== undefined && observed !== undefined) found.push({ name: target.name, arn, index, observed });
  }
  return found;
}

function listenerWarning(target: NlbTarget): PlanWarning | undefined {
  const { name, arn, index, observed } = target;
  if (observed.notFound === true) {
    return {
      code: 'nlb-not-found',
      region: index.region,
      message:
        `target ${name}: load balancer ${arn} was not found in ${index.region}, so its mirror target cannot be ` +
        'created and nothing reaches the sensors; check the ARN in the policy, or create the load balancer',
    };
  }
  const vxlan = observed.listeners.some((listener) => listener.port === VXLAN_PORT && VXLAN_PROTOCOLS.has(listener.protocol));
  if (vxlan) return undefined;
  const present =
    observed.listeners.length === 0
      ? 'it has no listeners'
      : `its listeners are ${observed.listeners.map((listener) => `${listener.protocol} ${listener.port}`).join(', ')}`;
  return {
    code: 'nlb-without-vxlan-listener',
    region: index.region,
    message:
      `target ${name}: load balancer ${arn} has no UDP listener on port ${VXLAN_PORT} (${present}): ` +
      'Traffic Mirroring to it fails silently, AWS reports no error and the sensors receive nothing; ' +
      `add a UDP (or TCP_UDP) listener on port ${VXLAN_PORT} that forwards to the sensors' target group`,
  };
}

function noteSensors(target: NlbTarget, sensors: Map<string, Map<string, string>>): void {
  const { name, index, observed } = target;
  let regionSensors = sensors.get(index.region);
  if (regionSensors === undefined) {
    regionSensors = new Map();
    sensors.set(index.region, regionSensors);
  }
  const note = (instanceId: string, detail: string): void => {
    // The first target (by name) explains it; one reason is enough.
    if (!regionSensors.has(instanceId)) regionSensors.set(instanceId, detail);
  };
  const ipTargets = new Map<string, (string | undefined)[]>();
  for (const registered of observed.targets) {
    if (registered.type === 'instance') {
      note(registered.id, `instance ${registered.id} is a sensor behind target ${name} (mirroring it would loop)`);
    } else {
      ipTargets.set(registered.id, [...(ipTargets.get(registered.id) ?? []), registered.vpcId]);
    }
  }
  if (ipTargets.size === 0) return;
  for (const eni of index.interfaceById.values()) {
    const instanceId = eni.attachment?.instanceId;
    if (instanceId === undefined) continue;
    for (const ip of eni.privateIpAddresses ?? []) {
      const vpcs = ipTargets.get(ip);
      // An IP in the target group's VPC is matched there only: other VPCs may reuse the same addresses.
      if (vpcs === undefined || !vpcs.some((vpcId) => vpcId === undefined || vpcId === eni.vpcId)) continue;
      note(
        instanceId,
        `instance ${instanceId} is a sensor behind target ${name}: ${ip} (${eni.id}) is registered with its ` +
          'load balancer (mirroring it would loop)',
      );
    }
  }
}

export function loadBalancerChecks(
  policy: Policy,
  targets: ReadonlyMap<string, ResolvedTarget>,
  indexes: readonly RegionIndex[],
): LoadBalancerChecks {
  const sensors = new Map<string, Map<string, string>>();
  const warnings: PlanWarning[] = [];
  for (const target of observedNlbTargets(policy, targets, indexes)) {
    const warning = listenerWarning(target);
    if (warning !== undefined) warnings.push(warning);
    noteSensors(target, sensors);
  }
  return { sensors, warnings };
}
