/**
 * What `mirrorctl import vectra` reads of an account: only the traces of Vectra's session mirroring tool,
 * found with server-side filters (src/aws/vectra/read.ts), in the planner's observed shapes.
 */
import type {
  ObservedFilter,
  ObservedInstance,
  ObservedLoadBalancer,
  ObservedSession,
  ObservedTarget,
  ObservedVpc,
} from './observed.js';

/** Keys of the tags the tool is configured by; values are case-sensitive, and a list tag counts only as "True". */
export const VECTRA_TAGS = {
  target: 'Vectra:session_mirroring_target',
  enrollment: 'Vectra:session_mirroring_enrollment',
  blacklist: 'Vectra:session_mirroring_blacklist',
  whitelist: 'Vectra:session_mirroring_whitelist',
} as const;
export const VECTRA_LISTED = 'True';

export interface VectraInstance extends ObservedInstance {
  /** Every interface of the instance: the tool taps them all, to its VPC's target. */
  readonly interfaceIds: readonly string[];
}

export interface VectraRegion {
  readonly region: string;
  /** VPCs carrying the target tag: the tool's enrolled VPCs. */
  readonly vpcs: readonly ObservedVpc[];
  /** The live instances of those VPCs. */
  readonly instances: readonly VectraInstance[];
  /** Sessions tagged Creator=Vectra:Tap. */
  readonly sessions: readonly ObservedSession[];
  /** Filters described "Vectra Full Traffic + DNS Filter". */
  readonly filters: readonly ObservedFilter[];
  /** The targets the VPC tags name, those that exist. */
  readonly targets: readonly ObservedTarget[];
  /** The Network Load Balancers of those targets, with their listeners. */
  readonly loadBalancers: readonly ObservedLoadBalancer[];
}

export interface VectraAccount {
  readonly accountId?: string;
  readonly regions: readonly VectraRegion[];
}
