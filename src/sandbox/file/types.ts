/**
 * The sandbox account file: a whole simulated AWS account, written by hand for demos or produced by
 * `generateAccount`, `observedToSandboxFile` and `Sandbox.toFile()`. YAML or JSON.
 * Optional collections default to empty; optional fields take AWS's defaults (see SPEC.md).
 */
import type { InstanceState } from '../../core/types/observed.js';

export type TagMap = Record<string, string>;

export interface PortRangeSpec {
  from: number;
  to: number;
}

export interface SandboxVpc {
  id: string;
  cidr?: string | undefined;
  tags?: TagMap | undefined;
}

export interface SandboxSubnet {
  id: string;
  vpcId: string;
  az: string;
  cidr?: string | undefined;
  tags?: TagMap | undefined;
}

export interface SandboxInstanceInterface {
  id: string;
  deviceIndex: number;
  /** AWS InterfaceType; default `interface`. */
  type?: string | undefined;
  /** Default: the instance's subnet. */
  subnetId?: string | undefined;
  description?: string | undefined;
  /** Default: true for device index 0 (created with the instance), false for the others. */
  deleteOnTermination?: boolean | undefined;
  tags?: TagMap | undefined;
}

export interface SandboxInstance {
  id: string;
  type: string;
  state: InstanceState;
  subnetId: string;
  tags?: TagMap | undefined;
  interfaces: SandboxInstanceInterface[];
}

/** An interface not attached to an instance: detached, or owned by a service (NLB, GWLB endpoint, RDS…). */
export interface SandboxNetworkInterface {
  id: string;
  subnetId: string;
  /** Default `interface`. */
  type?: string | undefined;
  description?: string | undefined;
  requesterManaged?: boolean | undefined;
  /** Default `available`. */
  status?: string | undefined;
  tags?: TagMap | undefined;
}

export interface SandboxTarget {
  id: string;
  networkInterfaceId?: string | undefined;
  networkLoadBalancerArn?: string | undefined;
  gatewayLoadBalancerEndpointId?: string | undefined;
  description?: string | undefined;
  /** Default: the file's account. */
  ownerId?: string | undefined;
  tags?: TagMap | undefined;
}

export interface SandboxRule {
  id: string;
  direction: 'ingress' | 'egress';
  number: number;
  action: 'accept' | 'reject';
  /** IANA protocol number; absent = all protocols. */
  protocol?: number | undefined;
  source: string;
  destination: string;
  sourcePorts?: PortRangeSpec | undefined;
  destinationPorts?: PortRangeSpec | undefined;
  description?: string | undefined;
  tags?: TagMap | undefined;
}

export interface SandboxFilter {
  id: string;
  description?: string | undefined;
  networkServices?: string[] | undefined;
  tags?: TagMap | undefined;
  rules?: SandboxRule[] | undefined;
}

export interface SandboxSession {
  id: string;
  networkInterfaceId: string;
  targetId: string;
  filterId: string;
  sessionNumber: number;
  packetLength?: number | undefined;
  /** Default: a stable pseudo-random VNI derived from the session id (AWS picks one at random). */
  virtualNetworkId?: number | undefined;
  description?: string | undefined;
  tags?: TagMap | undefined;
  ownerId?: string | undefined;
}

export interface SandboxLoadBalancer {
  arn: string;
  name: string;
  /** Default `network`. */
  type?: 'network' | 'application' | 'gateway' | undefined;
  /** Default `internal`. */
  scheme?: 'internal' | 'internet-facing' | undefined;
  subnets: string[];
  /** Security groups given at creation; default none. */
  securityGroups?: string[] | undefined;
  /** Non-default attributes, e.g. `load_balancing.cross_zone.enabled: "true"`. */
  attributes?: Record<string, string> | undefined;
  tags?: TagMap | undefined;
}

export interface SandboxHealthCheck {
  protocol: string;
  port?: string | undefined;
  path?: string | undefined;
  intervalSeconds?: number | undefined;
  timeoutSeconds?: number | undefined;
  healthyThreshold?: number | undefined;
  unhealthyThreshold?: number | undefined;
}

export interface SandboxTargetGroup {
  arn: string;
  name: string;
  protocol: string;
  port: number;
  vpcId: string;
  /** Default `instance`. */
  targetType?: 'instance' | 'ip' | undefined;
  /** Default: TCP on the traffic port; left-out settings take ELBv2's defaults for the protocol. */
  healthCheck?: SandboxHealthCheck | undefined;
  /** `availabilityZone: all` registers an IP outside the group's VPC. */
  targets?: { id: string; port?: number | undefined; availabilityZone?: string | undefined }[] | undefined;
  tags?: TagMap | undefined;
}

export interface SandboxListener {
  arn: string;
  loadBalancerArn: string;
  protocol: string;
  port: number;
  targetGroupArn: string;
  tags?: TagMap | undefined;
}

/** A ClientToken the simulated EC2 remembers, with the response it gave (kept after the resource is gone). */
export interface SandboxClientToken {
  action: string;
  token: string;
  /** Hash of the request parameters: the same token with other parameters is an IdempotentParameterMismatch. */
  request: string;
  response: Record<string, unknown>;
}

/** Simulator bookkeeping persisted so that runs over a file stay deterministic and idempotent. */
export interface SandboxInternal {
  idSequence?: number | undefined;
  clientTokens?: SandboxClientToken[] | undefined;
}

export interface SandboxRegion {
  vpcs?: SandboxVpc[] | undefined;
  subnets?: SandboxSubnet[] | undefined;
  instances?: SandboxInstance[] | undefined;
  networkInterfaces?: SandboxNetworkInterface[] | undefined;
  trafficMirrorTargets?: SandboxTarget[] | undefined;
  trafficMirrorFilters?: SandboxFilter[] | undefined;
  trafficMirrorSessions?: SandboxSession[] | undefined;
  loadBalancers?: SandboxLoadBalancer[] | undefined;
  targetGroups?: SandboxTargetGroup[] | undefined;
  listeners?: SandboxListener[] | undefined;
  internal?: SandboxInternal | undefined;
}

export interface SandboxFile {
  version: 1;
  accountId: string;
  /** The ARN STS GetCallerIdentity answers; default `arn:aws:iam::<accountId>:user/sandbox`. */
  callerArn?: string | undefined;
  /** The IAM account alias; default none. */
  accountAlias?: string | undefined;
  /** IAM actions the caller may not call, e.g. `iam:ListAccountAliases`: they answer AccessDenied. */
  deniedActions?: string[] | undefined;
  regions: Record<string, SandboxRegion>;
}
