/**
 * The plan: the pure planner's output, the input of reporters and of the apply executor.
 * It is plain JSON-serialisable data so it can be saved (`plan --out`) and applied later.
 */
import type { Tags } from './policy.js';

export type ResourceType =
  | 'target'
  | 'filter'
  | 'filter-rule'
  | 'session'
  | 'load-balancer'
  | 'target-group'
  | 'listener'
  | 'target-registration';

/**
 * `adopt` takes over a resource another tool made, which the policy would otherwise create: it adds the
 * ownership tags and modifies it in place where the policy says otherwise; never a delete and a create.
 */
export type ActionKind = 'create' | 'update' | 'delete' | 'replace' | 'adopt';

/**
 * A reference from one planned resource to another (a session's target or filter, a rule's filter).
 * `id` is set when the referenced resource already exists and survives the apply; otherwise the executor
 * resolves `key` to the id created earlier in the same apply.
 */
export interface ResourceRef {
  readonly key: string;
  readonly id?: string;
}

export interface DesiredTarget {
  readonly kind: 'target';
  readonly networkInterfaceId?: string;
  /** For a managed load balancer: its ARN once it exists (otherwise `loadBalancer` names it by key). */
  readonly networkLoadBalancerArn?: string;
  readonly gatewayLoadBalancerEndpointId?: string;
  /** The managed load balancer the target sends to. */
  readonly loadBalancer?: ResourceRef;
  readonly description: string;
  readonly tags: Tags;
}

/** A Network Load Balancer mirrorctl owns (internal, network type). */
export interface DesiredLoadBalancer {
  readonly kind: 'load-balancer';
  /** Chosen at creation (deterministic, so a retried create finds the first); never compared afterwards. */
  readonly name: string;
  readonly vpcId: string;
  /** One per Availability Zone, sorted. */
  readonly subnets: readonly string[];
  /** Sorted; only settable at creation. */
  readonly securityGroups: readonly string[];
  readonly crossZone: boolean;
  readonly deletionProtection: boolean;
  readonly tags: Tags;
}

/** The UDP 4789 target group of the sensors. */
export interface DesiredTargetGroup {
  readonly kind: 'target-group';
  readonly name: string;
  readonly vpcId: string;
  readonly targetType: 'instance' | 'ip';
  readonly healthCheckProtocol: 'TCP' | 'HTTP';
  readonly healthCheckPort: number;
  readonly healthCheckPath?: string;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  readonly healthCheckIntervalSeconds: number;
  readonly healthCheckTimeoutSeconds: number;
  readonly tags: Tags;
}

/** The load balancer's UDP 4789 listener forwarding to the target group: without it AWS mirrors nothing. */
export interface DesiredListener {
  readonly kind: 'listener';
  readonly loadBalancer: ResourceRef;
  readonly targetGroup: ResourceRef;
  readonly protocol: 'UDP';
  readonly port: number;
  readonly tags: Tags;
}

/** One sensor registered in the target group. */
export interface DesiredTargetRegistration {
  readonly kind: 'target-registration';
  readonly targetGroup: ResourceRef;
  /** An instance id or an IP address. */
  readonly targetId: string;
  readonly targetType: 'instance' | 'ip';
  /** For reports: where the sensor is. */
  readonly availabilityZone?: string;
  /** Always empty: ELBv2 registrations carry no tags (the target group's say whose they are). */
  readonly tags: Tags;
}

export interface DesiredFilter {
  readonly kind: 'filter';
  readonly description: string;
  readonly networkServices: readonly string[];
  readonly tags: Tags;
}

export interface DesiredRule {
  readonly kind: 'filter-rule';
  readonly filter: ResourceRef;
  readonly direction: 'ingress' | 'egress';
  readonly number: number;
  readonly action: 'accept' | 'reject';
  readonly protocol?: number;
  readonly source: string;
  readonly destination: string;
  readonly sourcePorts?: { readonly from: number; readonly to: number };
  readonly destinationPorts?: { readonly from: number; readonly to: number };
  readonly description?: string;
  readonly tags: Tags;
}

export interface DesiredSession {
  readonly kind: 'session';
  readonly networkInterfaceId: string;
  readonly target: ResourceRef;
  readonly filter: ResourceRef;
  readonly sessionNumber: number;
  readonly packetLength?: number;
  readonly virtualNetworkId?: number;
  readonly description: string;
  readonly tags: Tags;
  /** For reports: which instance and policy entry the session serves. */
  readonly instanceId?: string;
  readonly vpcId: string;
}

export type DesiredResource =
  | DesiredTarget
  | DesiredFilter
  | DesiredRule
  | DesiredSession
  | DesiredLoadBalancer
  | DesiredTargetGroup
  | DesiredListener
  | DesiredTargetRegistration;

export interface AttributeChange {
  /** Attribute name as shown to users, e.g. "filter", "packetLength", "networkServices". */
  readonly attribute: string;
  readonly before: unknown;
  readonly after: unknown;
  /** True when AWS cannot change this attribute in place (the action is then a replace). */
  readonly forcesReplacement: boolean;
}

export interface PlanAction {
  /** Unique within the plan and stable across identical inputs: `${region}/${key}`. */
  readonly id: string;
  readonly action: ActionKind;
  readonly type: ResourceType;
  /** Logical key, also carried by the resource as the `mirrorctl:key` tag. */
  readonly key: string;
  readonly region: string;
  /** Existing AWS id (update, delete, replace, adopt). */
  readonly resourceId?: string;
  /** Desired definition (create, update, replace, adopt). */
  readonly after?: DesiredResource;
  /** Observed definition, in the same shape (update, delete, replace, adopt). */
  readonly before?: DesiredResource;
  readonly changes: readonly AttributeChange[];
  /** Why: always set for delete, replace and adopt; a short phrase for create/update. */
  readonly reason: string;
  /** Action ids that must succeed before this one starts. */
  readonly dependsOn: readonly string[];
}

export type SkipReason =
  | 'excluded-instance'
  | 'excluded-interface'
  | 'excluded-tag'
  | 'not-selected' // outside the entry's instances selector
  | 'unsupported-instance-type'
  | 'interface-is-mirror-target'
  | 'interface-type-not-supported'
  | 'requester-managed'
  | 'session-limit-reached'
  | 'target-full' // every interface target it may use already has its 10 (or 100) sources
  | 'session-number-conflict'
  | 'instance-not-running'
  | 'target-unavailable'
  | 'already-mirrored'; // a session this policy does not own already mirrors it (policy: alreadyMirrored)

export interface SkippedInterface {
  readonly region: string;
  readonly instanceId?: string;
  readonly networkInterfaceId: string;
  readonly reason: SkipReason;
  /** Human detail, e.g. "tag mirroring=excluded" or "t2.micro is not a supported source type". */
  readonly detail: string;
}

export interface PlanWarning {
  readonly code: string;
  readonly message: string;
  readonly region?: string;
}

export interface CostEstimate {
  readonly currency: 'USD';
  readonly hoursPerMonth: number;
  /**
   * Monthly cost of the sessions that exist before / will exist after the apply (owned and foreign), plus the
   * load-balancer hours of the Network Load Balancers the policy manages.
   */
  readonly monthlyBefore: number;
  readonly monthlyAfter: number;
  readonly monthlyDelta: number;
  readonly byRegion: readonly {
    readonly region: string;
    readonly ratePerSessionHour: number;
    readonly sessionsBefore: number;
    readonly sessionsAfter: number;
    /** Managed Network Load Balancers before and after, when the policy manages any in the region. */
    readonly loadBalancersBefore?: number;
    readonly loadBalancersAfter?: number;
    readonly ratePerLoadBalancerHour?: number;
  }[];
  readonly rateSource: string;
  /** What the estimate leaves out because it depends on traffic (NLCU, inter-AZ transfer). */
  readonly notes?: readonly string[];
}

export interface PlanSummary {
  /** A replacement counts in both create and delete. */
  readonly create: number;
  readonly update: number;
  readonly delete: number;
}

/** The account a plan is for, as STS named the caller's credentials when the plan was made. */
export interface PlanAccount {
  /** 12-digit AWS account id. */
  readonly id: string;
  /** The IAM account alias, when there is one and the caller may read it. */
  readonly alias?: string;
  readonly callerArn: string;
}

export interface Plan {
  readonly formatVersion: 1;
  readonly policyName: string;
  /** Set by the plan use case (the planner itself never talks to AWS). */
  readonly account?: PlanAccount;
  readonly mode: 'converge' | 'destroy';
  readonly regions: readonly string[];
  readonly summary: PlanSummary;
  /** `--target`: the plan holds only these entries', VPCs', instances' or interfaces' sessions and what they need. */
  readonly targets?: readonly string[];
  /** Sorted: by region, then type order (target, filter, filter-rule, session), then key. */
  readonly actions: readonly PlanAction[];
  readonly skipped: readonly SkippedInterface[];
  readonly warnings: readonly PlanWarning[];
  readonly cost: CostEstimate;
}
