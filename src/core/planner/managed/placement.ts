/**
 * Where a managed load balancer goes, from the observed subnets: one subnet per Availability Zone, all in one
 * VPC. With `vpc` + `availabilityZones`, each zone takes the VPC's subnet there with the lowest id, so the
 * choice is stable; a zone without a subnet in the VPC cannot be placed.
 */
import type { LoadBalancerPlacement } from '../../types/policy.js';
import type { RegionIndex } from '../observed-index.js';
import { compareStrings, listSome } from '../util.js';

export interface Placement {
  readonly vpcId: string;
  /** Sorted by subnet id. */
  readonly subnets: readonly { readonly id: string; readonly availabilityZone: string }[];
}

export type PlacementResult = { readonly ok: true; readonly placement: Placement } | { readonly ok: false; readonly problem: string };

/** Whether this region holds what the placement names: its first subnet, or its VPC. */
export function holdsPlacement(placement: LoadBalancerPlacement, index: RegionIndex): boolean {
  if (placement.kind === 'zones') return index.vpcById.has(placement.vpcId);
  const first = placement.subnetIds[0];
  return first !== undefined && index.subnetById?.has(first) === true;
}

export function placeLoadBalancer(placement: LoadBalancerPlacement, index: RegionIndex): PlacementResult {
  const subnets = index.subnetById;
  if (subnets === undefined) return { ok: false, problem: `the subnets of ${index.region} were not read` };
  if (placement.kind === 'zones') {
    if (!index.vpcById.has(placement.vpcId)) return { ok: false, problem: `VPC ${placement.vpcId} was not found in ${index.region}` };
    const inVpc = [...subnets.values()].filter((subnet) => subnet.vpcId === placement.vpcId).sort((a, b) => compareStrings(a.id, b.id));
    const chosen = placement.availabilityZones.map((zone) => ({ zone, subnet: inVpc.find((subnet) => subnet.availabilityZone === zone) }));
    const missing = chosen.filter((item) => item.subnet === undefined).map((item) => item.zone);
    if (missing.length > 0) {
      return { ok: false, problem: `VPC ${placement.vpcId} has no subnet in ${listSome(missing)}` };
    }
    return {
      ok: true,
      placement: {
        vpcId: placement.vpcId,
        subnets: chosen
          .map((item) => ({ id: item.subnet?.id ?? '', availabilityZone: item.zone }))
          .sort((a, b) => compareStrings(a.id, b.id)),
      },
    };
  }
  const found = placement.subnetIds.map((id) => ({ id, subnet: subnets.get(id) }));
  const unknown = found.filter((item) => item.subnet === undefined).map((item) => item.id);
  if (unknown.length > 0) return { ok: false, problem: `subnet ${listSome(unknown)} was not found in ${index.region}` };
  const vpcs = [...new Set(found.map((item) => item.subnet?.vpcId ?? ''))].sort(compareStrings);
  if (vpcs.length > 1) return { ok: false, problem: `its subnets are in several VPCs (${vpcs.join(', ')}); a load balancer lives in one` };
  const byZone = new Map<string, string[]>();
  for (const item of found) {
    const zone = item.subnet?.availabilityZone ?? '';
    byZone.set(zone, [...(byZone.get(zone) ?? []), item.id]);
  }
  const crowded = [...byZone].filter(([, ids]) => ids.length > 1);
  if (crowded.length > 0) {
    const [zone, ids] = crowded[0] ?? ['', []];
    return { ok: false, problem: `subnets ${ids.join(' and ')} are both in ${zone}; a load balancer takes one subnet per Availability Zone` };
  }
  return {
    ok: true,
    placement: {
      vpcId: vpcs[0] ?? '',
      subnets: found.map((item) => ({ id: item.id, availabilityZone: item.subnet?.availabilityZone ?? '' })).sort((a, b) => compareStrings(a.id, b.id)),
    },
  };
}
