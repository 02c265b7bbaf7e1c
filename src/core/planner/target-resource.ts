/**
 * The resource a target sends to. AWS holds one target per NLB and per interface in an account, so a target
 * is found by its resource, not only by its key; mirrorctl assumes the same of a Gateway Load Balancer
 * endpoint, where AWS documents no rule either way.
 */

export interface TargetResourceFields {
  readonly networkInterfaceId?: string | undefined;
  readonly networkLoadBalancerArn?: string | undefined;
  readonly gatewayLoadBalancerEndpointId?: string | undefined;
}

export function targetResourceKey(target: TargetResourceFields): string | undefined {
  if (target.networkInterfaceId !== undefined) return `network-interface ${target.networkInterfaceId}`;
  if (target.networkLoadBalancerArn !== undefined) return `network-load-balancer ${target.networkLoadBalancerArn}`;
  if (target.gatewayLoadBalancerEndpointId !== undefined) {
    return `gateway-load-balancer-endpoint ${target.gatewayLoadBalancerEndpointId}`;
  }
  return undefined;
}

/** "NLB net/sensors/0123456789abcdef": the ARN's resource part names the NLB without the account noise. */
export function describeTargetResource(target: TargetResourceFields): string {
  if (target.networkInterfaceId !== undefined) return `interface ${target.networkInterfaceId}`;
  if (target.networkLoadBalancerArn !== undefined) {
    const arn = target.networkLoadBalancerArn;
    const marker = arn.indexOf(':loadbalancer/');
    return `NLB ${marker < 0 ? arn : arn.slice(marker + ':loadbalancer/'.length)}`;
  }
  if (target.gatewayLoadBalancerEndpointId !== undefined) {
    return `Gateway Load Balancer endpoint ${target.gatewayLoadBalancerEndpointId}`;
  }
  return 'no resource';
}
