/**
 * The policy after validation and normalisation: what the planner consumes.
 * Produced by `src/policy/load.ts` from mirror.config.yaml; never read from YAML directly by the core.
 */
export type Tags = Readonly<Record<string, string>>;

export type TargetSpec =
  | { readonly kind: 'network-load-balancer'; readonly networkLoadBalancerArn: string }
  | { readonly kind: 'network-interface'; readonly networkInterfaceId: string }
  | { readonly kind: 'gateway-load-balancer-endpoint'; readonly gatewayLoadBalancerEndpointId: string }
  /** A target mirrorctl does not create or own (e.g. shared with AWS RAM): it is only referenced. */
  | { readonly kind: 'existing'; readonly trafficMirrorTargetId: string }
  /** A Network Load Balancer mirrorctl creates and owns, with its UDP 4789 listener, target group and sensors. */
  | ManagedLoadBalancerSpec
  /** Several interface targets: each source goes to one member (same Availability Zone first, then least loaded). */
  | InterfacePoolSpec;

/** Where a managed load balancer's nodes sit: one subnet per Availability Zone. */
export type LoadBalancerPlacement =
  | { readonly kind: 'subnets'; readonly subnetIds: readonly string[] }
  | { readonly kind: 'zones'; readonly vpcId: string; readonly availabilityZones: readonly string[] };

/**
 * The sensors behind a managed load balancer: instances (by id, or every instance of its VPC carrying all the
 * tags) registered as instance targets, or IP addresses registered as IP targets. A target group holds one kind.
 */
export type SensorSelection =
  | { readonly kind: 'instances'; readonly instanceIds: readonly string[]; readonly tags?: Tags }
  | { readonly kind: 'ip'; readonly ipAddresses: readonly string[] };

/** AWS cannot health-check over UDP, so sensors answer TCP (a port they listen on) or HTTP. */
export interface SensorHealthCheck {
  readonly protocol: 'tcp' | 'http';
  readonly port: number;
  /** HTTP only. */
  readonly path?: string;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
}

export interface ManagedLoadBalancerSpec {
  readonly kind: 'managed-load-balancer';
  readonly placement: LoadBalancerPlacement;
  readonly sensors: SensorSelection;
  readonly healthCheck: SensorHealthCheck;
  /** Load balancer attribute load_balancing.cross_zone.enabled. */
  readonly crossZone: boolean;
  /** Load balancer attribute deletion_protection.enabled. */
  readonly deletionProtection: boolean;
  /** Settable only when the load balancer is created: a change replaces it. Empty: none. */
  readonly securityGroups: readonly string[];
}

/** Interface targets listed by id, or the primary interface of every instance carrying all `sensorTags`. */
export type InterfacePoolSpec =
  | { readonly kind: 'interface-pool'; readonly networkInterfaceIds: readonly string[] }
  | { readonly kind: 'interface-pool'; readonly sensorTags: Tags };

export interface PolicyTarget {
  /** The key under `targets:` in the policy. */
  readonly name: string;
  readonly spec: TargetSpec;
  readonly description?: string;
  /**
   * Region that holds the target. Taken from the NLB ARN, or given explicitly; when absent the planner
   * locates the target in the observed state (the region where the ENI / tmt- id was seen).
   */
  readonly region?: string;
  /**
   * In a policy for several accounts (`memberAccounts`), the one account that creates this target; absent,
   * every account (a load balancer's account is read from its ARN instead).
   */
  readonly account?: string;
}

export type Protocol = number; // IANA protocol number; "all" is represented by the absence of a protocol

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export interface PolicyRule {
  readonly number: number;
  readonly action: 'accept' | 'reject';
  /** IANA number; undefined = all protocols. */
  readonly protocol?: Protocol;
  readonly source: string;
  readonly destination: string;
  readonly sourcePorts?: PortRange;
  readonly destinationPorts?: PortRange;
  readonly description?: string;
}

export interface PolicyFilter {
  readonly name: string;
  readonly description?: string;
  readonly networkServices: readonly 'amazon-dns'[];
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
}

export type VpcSelector =
  | { readonly kind: 'id'; readonly vpcId: string }
  | { readonly kind: 'tags'; readonly tags: Tags };

/**
 * What an entry does on an interface that already carries a mirror session this policy does not own:
 * `skip-same-target` when that session sends to the entry's destination, `skip-any` whatever it sends to,
 * `add` never (a second session, warned about with its cost).
 */
export type AlreadyMirrored = 'skip-same-target' | 'skip-any' | 'add';

export interface PolicyVpcEntry {
  /**
   * Stable identity of the entry, used in session logical keys so reordering entries changes nothing:
   * the entry's `name` if given, else the VPC id, else `tags:k=v,k2=v2` (sorted).
   */
  readonly key: string;
  readonly selector: VpcSelector;
  readonly target: string; // name of a PolicyTarget
  readonly filter: string; // name of a PolicyFilter
  readonly interfaces: 'all' | 'primary';
  /** Only instances carrying all these tags (the old tool's whitelist). */
  readonly instanceTags?: Tags;
  readonly sessionNumber?: number;
  readonly packetLength?: number;
  readonly virtualNetworkId?: number;
  /** Restrict the entry to some of the policy's regions; default all. */
  readonly regions?: readonly string[];
  /** Overrides the policy's `alreadyMirrored` for this entry. */
  readonly alreadyMirrored?: AlreadyMirrored;
  /** Restrict the entry to some of the policy's accounts; default all. */
  readonly accounts?: readonly string[];
}

/**
 * What another tool made that the plan may take over (an `adopt` action) rather than mirror again beside it.
 * `vectra`: the markers of Vectra's session mirroring tool (sessions tagged Creator=Vectra:Tap, its filter by
 * description); `sessionTags`: sessions of any other tool carrying all these tags.
 */
export interface AdoptRules {
  readonly vectra: boolean;
  readonly sessionTags?: Tags;
}

export interface PolicyExclusions {
  readonly instanceIds: readonly string[];
  readonly networkInterfaceIds: readonly string[];
  /** An instance carrying any one of these tag pairs is never tapped. */
  readonly tags: Tags;
}

export interface InstanceSupportOverrides {
  /** Families (e.g. "m8g") or exact types (e.g. "m8g.large") to treat as supported. */
  readonly allow: readonly string[];
  /** Families or exact types to treat as unsupported. */
  readonly deny: readonly string[];
}

/** How the Lambda healer that `mirrorctl package` and `deploy` ship runs. */
export interface HealerSettings {
  /** EventBridge schedule expression of the full reconcile: `rate(1 hour)` or `cron(…)`. */
  readonly schedule: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly logRetentionDays: number;
}

/**
 * The accounts a policy for several accounts plans and applies in, each reached by assuming `roleName`
 * there: `ids`, plus the accounts of `organization` (listed with AWS Organizations) not excluded.
 */
export interface MemberAccounts {
  readonly ids: readonly string[];
  /** Absent: only `ids`. `organizationalUnits` absent: the whole organization. */
  readonly organization?: { readonly organizationalUnits?: readonly string[]; readonly exclude: readonly string[] };
  readonly roleName: string;
  readonly externalId?: string;
  /** The STS role session name: `sessionName`, or mirrorctl-<policy name>. */
  readonly sessionName: string;
}

export interface Policy {
  readonly version: 1;
  readonly name: string;
  readonly regions: readonly string[];
  /**
   * The accounts this policy may be planned in with the caller's own credentials (12-digit ids); absent: any
   * account. Set from the list form of `accounts:`, and from the ids of its object form without an organization.
   */
  readonly accounts?: readonly string[];
  /** The object form of `accounts:`: mirrorctl reaches each of these accounts itself, by assuming a role. */
  readonly memberAccounts?: MemberAccounts;
  readonly targets: Readonly<Record<string, PolicyTarget>>;
  readonly filters: Readonly<Record<string, PolicyFilter>>;
  readonly vpcs: readonly PolicyVpcEntry[];
  /**
   * For entries that do not set their own. Loading always sets it; absent (a policy built in code) means
   * `skip-same-target`, the schema's default.
   */
  readonly alreadyMirrored?: AlreadyMirrored;
  /** Absent (or all off): nothing is adopted. */
  readonly adopt?: AdoptRules;
  readonly exclude: PolicyExclusions;
  readonly instanceSupport: InstanceSupportOverrides;
  /** USD per session-hour by region, overriding the built-in rate table. */
  readonly sessionHourlyRates: Readonly<Record<string, number>>;
  /** Loading always sets it; absent (a policy built in code) means the defaults. */
  readonly healer?: HealerSettings;
}
