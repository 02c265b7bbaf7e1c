/**
 * The load balancers discovery read for the policy's NLB targets (ObservedRegion.loadBalancers), rebuilt as
 * sandbox load balancers, target groups and listeners, so that planning against a `discover --out` snapshot
 * sees the same listeners and the same registered sensors. Discovery keeps only what the planner needs, so
 * the rest is derived: the subnets and VPC from the load balancer's own network interfaces ("ELB net/…"),
 * one target group per target type, each listener forwarding to one of them. A load balancer that was not
 * found stays absent.
 */
import type { ObservedLoadBalancer, ObservedLoadBalancerTarget, ObservedRegion } from '../core/types/observed.js';
import type { SandboxListener, SandboxLoadBalancer, SandboxTargetGroup } from './file/types.js';
import { awsId, hashHex } from './sim/ids.js';

export interface LoadBalancerSubnets {
  /** A stand-in subnet of `vpcId`, for a load balancer whose interfaces were not observed. */
  placeholder(vpcId: string): string;
}

export interface LoadBalancing {
  readonly loadBalancers: SandboxLoadBalancer[];
  readonly targetGroups: SandboxTargetGroup[];
  readonly listeners: SandboxListener[];
}

/** arn:aws:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/net/NAME/ID → { prefix: "arn:…:ACCOUNT:", path: "net/NAME/ID" } */
function splitArn(arn: string): { prefix: string; path: string; name: string } | undefined {
  const marker = ':loadbalancer/';
  const at = arn.indexOf(marker);
  if (at < 0) return undefined;
  const path = arn.slice(at + marker.length);
  const name = path.split('/')[1];
  return name === undefined || name === '' ? undefined : { prefix: arn.slice(0, at + 1), path, name };
}

function vpcOf(observed: ObservedLoadBalancer, region: ObservedRegion, interfaceVpc: string | undefined): string {
  if (interfaceVpc !== undefined) return interfaceVpc;
  const instanceVpcs = new Map(region.instances.map((instance) => [instance.id, instance.vpcId]));
  for (const target of observed.targets) {
    const vpcId = target.type === 'instance' ? instanceVpcs.get(target.id) : target.vpcId;
    if (vpcId !== undefined) return vpcId;
  }
  return awsId('vpc', `placeholder/${region.region}/${observed.arn}`);
}

function convertOne(observed: ObservedLoadBalancer, region: ObservedRegion, subnets: LoadBalancerSubnets, into: LoadBalancing): void {
  const parts = splitArn(observed.arn);
  if (parts === undefined || observed.notFound === true) return;
  const ownInterfaces = region.networkInterfaces.filter(
    (eni) => eni.requesterManaged && eni.description === `ELB ${parts.path}` && eni.subnetId !== undefined,
  );
  const vpcId = vpcOf(observed, region, ownInterfaces[0]?.vpcId);
  const subnetIds = [...new Set(ownInterfaces.flatMap((eni) => (eni.subnetId === undefined ? [] : [eni.subnetId])))];
  into.loadBalancers.push({
    arn: observed.arn,
    name: parts.name,
    subnets: subnetIds.length > 0 ? subnetIds : [subnets.placeholder(vpcId)],
  } satisfies SandboxLoadBalancer);

  const byType = new Map<ObservedLoadBalancerTarget['type'], ObservedLoadBalancerTarget[]>();
  for (const target of observed.targets) byType.set(target.type, [...(byType.get(target.type) ?? []), target]);
  if (byType.size === 0) byType.set('instance', []);
  const groups = [...byType].map(([type, targets]): SandboxTargetGroup => {
    const first = observed.listeners[0];
    const name = `${parts.name.slice(0, 23).replace(/-+$/, '')}-${type}`;
    return {
      arn: `${parts.prefix}targetgroup/${name}/${hashHex(`${observed.arn}/${type}`, 16)}`,
      name,
      protocol: first?.protocol ?? 'UDP',
      port: first?.port ?? 4789,
      // An IP target outside the load balancer's VPC keeps no VPC of its own here.
      vpcId: targets.find((target) => target.vpcId !== undefined)?.vpcId ?? vpcId,
      targetType: type === 'ip' ? 'ip' : undefined,
      targets: targets.map((target) => ({ id: target.id })),
    };
  });
  into.targetGroups.push(...groups);
  // A target group is found through the listener that forwards to it: every listener takes one in turn.
  observed.listeners.forEach((listener, position) => {
    const group = groups[position % groups.length];
    if (group === undefined) return;
    into.listeners.push({
      arn: `${parts.prefix}listener/${parts.path}/${hashHex(`${observed.arn}/${listener.protocol}/${listener.port}`, 16)}`,
      loadBalancerArn: observed.arn,
      protocol: listener.protocol,
      port: listener.port,
      targetGroupArn: group.arn,
    } satisfies SandboxListener);
  });
}

/** The sandbox resources for `region.loadBalancers`, leaving out the ARNs in `known` (already converted). */
export function observedLoadBalancers(
  region: ObservedRegion,
  known: ReadonlySet<string>,
  subnets: LoadBalancerSubnets,
): LoadBalancing {
  const into: LoadBalancing = { loadBalancers: [], targetGroups: [], listeners: [] };
  for (const observed of region.loadBalancers ?? []) {
    if (!known.has(observed.arn)) convertOne(observed, region, subnets, into);
  }
  return into;
}
