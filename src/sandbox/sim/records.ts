/** The simulator's mutable in-memory resources (one region). Optional fields hold `undefined` explicitly. */
import type { InstanceState } from '../../core/types/observed.js';
import type { PortRangeSpec, TagMap } from '../file/types.js';

export interface VpcRecord {
  readonly id: string;
  cidr: string | undefined;
  tags: TagMap;
}

export interface SubnetRecord {
  readonly id: string;
  readonly vpcId: string;
  readonly az: string;
  cidr: string | undefined;
  tags: TagMap;
}

export interface InstanceRecord {
  readonly id: string;
  type: string;
  state: InstanceState;
  readonly subnetId: string;
  tags: TagMap;
  /** The AWS service that manages it (its `Operator.Principal`), if one does. */
  readonly operator: string | undefined;
  /** Attached interfaces, by device index order of attachment. */
  interfaceIds: string[];
}

export interface AttachmentRecord {
  readonly instanceId: string;
  readonly deviceIndex: number;
  readonly deleteOnTermination: boolean;
}

export interface EniRecord {
  readonly id: string;
  readonly subnetId: string;
  readonly vpcId: string;
  readonly az: string;
  readonly type: string;
  description: string | undefined;
  readonly requesterManaged: boolean;
  status: string;
  tags: TagMap;
  attachment: AttachmentRecord | undefined;
}

export interface TargetRecord {
  readonly id: string;
  readonly networkInterfaceId: string | undefined;
  readonly networkLoadBalancerArn: string | undefined;
  readonly gatewayLoadBalancerEndpointId: string | undefined;
  readonly description: string | undefined;
  readonly ownerId: string;
  /** Accounts it is shared with through RAM. */
  readonly sharedWith: readonly string[];
  tags: TagMap;
}

export interface FilterRecord {
  readonly id: string;
  readonly description: string | undefined;
  networkServices: string[];
  tags: TagMap;
  ruleIds: string[];
}

export interface RuleRecord {
  readonly id: string;
  readonly filterId: string;
  direction: 'ingress' | 'egress';
  number: number;
  action: 'accept' | 'reject';
  protocol: number | undefined;
  source: string;
  destination: string;
  sourcePorts: PortRangeSpec | undefined;
  destinationPorts: PortRangeSpec | undefined;
  description: string | undefined;
  tags: TagMap;
}

export interface SessionRecord {
  readonly id: string;
  readonly networkInterfaceId: string;
  targetId: string;
  filterId: string;
  sessionNumber: number;
  packetLength: number | undefined;
  virtualNetworkId: number;
  description: string | undefined;
  readonly ownerId: string;
  tags: TagMap;
}

export interface LoadBalancerRecord {
  readonly id: string; // the ARN
  readonly name: string;
  readonly type: 'network' | 'application' | 'gateway';
  readonly scheme: 'internal' | 'internet-facing';
  readonly vpcId: string;
  /** SetSubnets adds to them. */
  subnetIds: string[];
  /** Set only at creation (an NLB created without any can never get some). */
  readonly securityGroups: readonly string[];
  /** Simulated time from which it is `active` (`provisioning` before); 0 for one read from a file. */
  readonly activeAt: number;
  attributes: Record<string, string>;
  tags: TagMap;
}

export interface HealthCheckRecord {
  readonly protocol: string;
  /** A port number, or `traffic-port`. */
  readonly port: string;
  readonly path: string | undefined;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
}

export interface TargetGroupRecord {
  readonly id: string; // the ARN
  readonly name: string;
  readonly protocol: string;
  readonly port: number;
  readonly vpcId: string;
  readonly targetType: 'instance' | 'ip';
  /** ModifyTargetGroup changes it in place. */
  healthCheck: HealthCheckRecord;
  /** `availabilityZone` is `all` for an IP target outside the group's VPC. */
  targets: { id: string; port: number | undefined; availabilityZone?: string | undefined }[];
  tags: TagMap;
}

export interface ListenerRecord {
  readonly id: string; // the ARN
  readonly loadBalancerArn: string;
  readonly protocol: string;
  readonly port: number;
  /** ModifyListener changes its default action. */
  targetGroupArn: string;
  tags: TagMap;
}

export interface ClientTokenRecord {
  readonly action: string;
  readonly token: string;
  readonly request: string;
  readonly response: Record<string, unknown>;
}
