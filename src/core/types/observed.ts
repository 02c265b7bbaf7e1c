/**
 * What discovery observed in AWS: plain data, the planner's second input.
 * Arrays are sorted by id by discovery so the planner's output is deterministic.
 */
import type { Tags } from './policy.js';

export type InstanceState = 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';

export interface ObservedVpc {
  readonly id: string;
  readonly tags: Tags;
}

export interface ObservedInstance {
  readonly id: string;
  readonly type: string; // e.g. "m5.large"
  readonly state: InstanceState;
  readonly vpcId?: string;
  readonly subnetId?: string;
  readonly availabilityZone?: string;
  readonly tags: Tags;
}

export interface ObservedNetworkInterface {
  readonly id: string;
  /** AWS InterfaceType: interface, efa, trunk, branch, network_load_balancer, gateway_load_balancer_endpoint… */
  readonly type: string;
  readonly vpcId: string;
  readonly subnetId?: string;
  readonly availabilityZone?: string;
  readonly status?: string; // available | in-use | …
  readonly description?: string;
  readonly requesterManaged: boolean;
  readonly attachment?: {
    readonly instanceId?: string;
    readonly deviceIndex?: number;
    readonly deleteOnTermination?: boolean;
  };
  /** Every private IPv4 address of the interface, sorted; absent when discovery did not report any. */
  readonly privateIpAddresses?: readonly string[];
  /**
   * Not observed by discovery: DescribeInstances, which reports most interfaces, leaves them out, and the
   * planner never reads them. Sandbox snapshots and hand-built observations may carry them.
   */
  readonly tags?: Tags;
}

export interface ObservedInstanceType {
  readonly type: string;
  readonly bareMetal: boolean;
  readonly hypervisor?: string; // nitro | xen
}

export interface ObservedTarget {
  readonly id: string;
  readonly type: 'network-interface' | 'network-load-balancer' | 'gateway-load-balancer-endpoint';
  readonly networkInterfaceId?: string;
  readonly networkLoadBalancerArn?: string;
  readonly gatewayLoadBalancerEndpointId?: string;
  readonly description?: string;
  readonly ownerId?: string;
  readonly tags: Tags;
}

export interface ObservedRule {
  readonly id: string;
  readonly direction: 'ingress' | 'egress';
  readonly number: number;
  readonly action: 'accept' | 'reject';
  readonly protocol?: number; // undefined = all
  readonly source: string;
  readonly destination: string;
  readonly sourcePorts?: { readonly from: number; readonly to: number };
  readonly destinationPorts?: { readonly from: number; readonly to: number };
  readonly description?: string;
}

export interface ObservedFilter {
  readonly id: string;
  readonly description?: string;
  readonly networkServices: readonly string[];
  readonly rules: readonly ObservedRule[];
  readonly tags: Tags;
}

export interface ObservedSession {
  readonly id: string;
  readonly networkInterfaceId: string;
  readonly targetId: string;
  readonly filterId: string;
  readonly sessionNumber: number;
  readonly packetLength?: number;
  readonly virtualNetworkId?: number;
  readonly description?: string;
  readonly ownerId?: string;
  readonly tags: Tags;
}

export interface ObservedListener {
  /** ELBv2 protocol: TCP, UDP, TCP_UDP, TLS… */
  readonly protocol: string;
  readonly port: number;
}

/** A target registered in one of a load balancer's target groups: an instance id or an IP address. */
export interface ObservedLoadBalancerTarget {
  readonly id: string;
  readonly type: 'instance' | 'ip';
  /** IP targets: the target group's VPC, when the IP is in it (absent for an IP outside it, e.g. peered). */
  readonly vpcId?: string;
}

/**
 * A Network Load Balancer that a policy target names, with what the safety checks need: its listeners
 * (mirroring needs UDP 4789) and the sensors registered behind it (which must never be tapped).
 */
export interface ObservedLoadBalancer {
  readonly arn: string;
  /** ELBv2 answered LoadBalancerNotFound for this ARN; listeners and targets are then empty. */
  readonly notFound?: true;
  readonly listeners: readonly ObservedListener[];
  /** Sorted by type, then id; one entry per target whatever its ports and groups. */
  readonly targets: readonly ObservedLoadBalancerTarget[];
}

export interface ObservedSubnet {
  readonly id: string;
  readonly vpcId: string;
  readonly availabilityZone: string;
}

/** ELBv2's health check settings of a target group, as ELBv2 reports them (protocol in capitals). */
export interface ObservedHealthCheck {
  readonly protocol: string;
  /** A port number, or `traffic-port`. */
  readonly port: string;
  readonly path?: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
}

export interface ObservedManagedListener {
  readonly arn: string;
  readonly protocol: string;
  readonly port: number;
  /** The group its default action forwards to. */
  readonly targetGroupArn?: string;
}

/**
 * A Network Load Balancer carrying mirrorctl's `mirrorctl:managed-by` tag. Listeners and attributes are read
 * for the planned policy's own only; another policy's are listed so that the scope can name them.
 */
export interface ObservedManagedLoadBalancer {
  readonly arn: string;
  readonly name: string;
  readonly vpcId: string;
  /** ELBv2 state code: provisioning, active, active_impaired, failed. */
  readonly state: string;
  readonly scheme: string;
  /** Sorted by subnet id. */
  readonly zones: readonly { readonly subnetId: string; readonly availabilityZone: string }[];
  /** Sorted. */
  readonly securityGroups: readonly string[];
  readonly crossZone?: boolean;
  readonly deletionProtection?: boolean;
  readonly listeners: readonly ObservedManagedListener[];
  readonly tags: Tags;
}

/** A target registered in a managed target group, with its health and (when known) its zone. */
export interface ObservedRegisteredTarget {
  readonly id: string;
  readonly port: number;
  /** ELBv2 target health: initial, healthy, unhealthy, unused, draining, unavailable… */
  readonly state: string;
  readonly availabilityZone?: string;
}

/** A target group carrying mirrorctl's `mirrorctl:managed-by` tag; registrations read for the policy's own only. */
export interface ObservedManagedTargetGroup {
  readonly arn: string;
  readonly name: string;
  readonly vpcId: string;
  readonly protocol: string;
  readonly port: number;
  readonly targetType: string;
  readonly healthCheck: ObservedHealthCheck;
  /** Sorted. */
  readonly loadBalancerArns: readonly string[];
  /** Sorted by id. */
  readonly targets: readonly ObservedRegisteredTarget[];
  readonly tags: Tags;
}

export interface ObservedRegion {
  readonly region: string;
  readonly vpcs: readonly ObservedVpc[];
  readonly instances: readonly ObservedInstance[];
  readonly networkInterfaces: readonly ObservedNetworkInterface[];
  /** Facts for the instance types in use (one batched DescribeInstanceTypes). */
  readonly instanceTypes: readonly ObservedInstanceType[];
  readonly targets: readonly ObservedTarget[];
  readonly filters: readonly ObservedFilter[];
  readonly sessions: readonly ObservedSession[];
  /**
   * The load balancers of this region that discovery was asked to read (the policy's NLB targets), sorted
   * by ARN. Absent when none was asked for; an ARN that is not listed was not read.
   */
  readonly loadBalancers?: readonly ObservedLoadBalancer[];
  /** Read when a policy places a managed load balancer: subnets are where it goes. Sorted by id. */
  readonly subnets?: readonly ObservedSubnet[];
  /** ELBv2 resources mirrorctl made (any policy's), sorted by ARN; absent when discovery did not look. */
  readonly managedLoadBalancers?: readonly ObservedManagedLoadBalancer[];
  readonly managedTargetGroups?: readonly ObservedManagedTargetGroup[];
}

export interface ObservedAccount {
  readonly accountId?: string;
  /** Only regions that were fully discovered. Discovery throws rather than return a partial region. */
  readonly regions: readonly ObservedRegion[];
}
