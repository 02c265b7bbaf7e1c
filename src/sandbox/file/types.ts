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
  /**
   * Managed by an AWS service although attached to this instance: DescribeInstances reports its
   * `Operator` as managed, DescribeNetworkInterfaces its `RequesterManaged`. Default false (true for every
   * interface of an instance with an `operator`).
   */
  requesterManaged?: boolean | undefined;
  tags?: TagMap | undefined;
}

export interface SandboxInstance {
  id: string;
  type: string;
  state: InstanceState;
  subnetId: string;
  tags?: TagMap | undefined;
  /**
   * The AWS service that manages the instance (EKS Auto Mode, ECS Managed Instances…), e.g.
   * `eks.amazonaws.com`: DescribeInstances reports it as the instance's and its interfaces' `Operator`.
   */
  operator?: string | undefined;
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
  /**
   * Accounts of this file this target is shared with through AWS RAM: they see it (with its ownerId) and may
   * send their sessions to it; its owner sees those sessions.
   */
  sharedWith?: string[] | undefined;
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

/** An IAM role another account's principals may assume with STS AssumeRole. */
export interface SandboxRole {
  /** The role name: `arn:aws:iam::<account>:role/<name>`. */
  name: string;
  /** The accounts its trust policy names: their principals may assume it. */
  trustedAccounts: string[];
  /** The `sts:ExternalId` its trust policy requires; absent: none. */
  externalId?: string | undefined;
}

/** The organization the file's accounts belong to (every account of the file is a member). */
export interface SandboxOrganization {
  managementAccountId: string;
  /** Default: `r-` and 4 characters derived from the management account. */
  rootId?: string | undefined;
  /** Accounts registered as delegated administrators: they may list the organization's accounts too. */
  delegatedAdministrators?: string[] | undefined;
  /** Accounts not placed in an organizational unit are directly under the root. */
  organizationalUnits?: SandboxOrganizationalUnit[] | undefined;
}

export interface SandboxOrganizationalUnit {
  id: string;
  name?: string | undefined;
  /** An organizational unit's id, or the root's; default the root. */
  parentId?: string | undefined;
  accounts?: string[] | undefined;
}

/** What an account holds and how it answers, for the file's own account and for each of `accounts`. */
export interface SandboxAccountFields {
  accountId: string;
  /** The IAM account alias; default none. */
  accountAlias?: string | undefined;
  /** The account's name in the organization; default its alias, else `account-<id>`. */
  name?: string | undefined;
  /** Its status in the organization; default ACTIVE. A suspended account's roles cannot be assumed. */
  status?: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | undefined;
  /** IAM actions denied to whoever calls in this account, e.g. `iam:ListAccountAliases`: they answer AccessDenied. */
  deniedActions?: string[] | undefined;
  /** Roles principals of other accounts (or of this one) may assume. */
  roles?: SandboxRole[] | undefined;
  regions: Record<string, SandboxRegion>;
}

/** Another account of the same file: reached only by assuming one of its roles. */
export type SandboxMemberAccount = SandboxAccountFields;

export interface SandboxFile extends SandboxAccountFields {
  version: 1;
  /** The ARN STS GetCallerIdentity answers; default `arn:aws:iam::<accountId>:user/sandbox`. */
  callerArn?: string | undefined;
  /** The organization of the file's accounts; absent: the account is in none. */
  organization?: SandboxOrganization | undefined;
  /** Other accounts, reached by assuming their roles; the file's own account is where the credentials start. */
  accounts?: SandboxMemberAccount[] | undefined;
}
