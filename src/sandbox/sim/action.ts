/** What an action handler sees of the simulator, and how actions are declared. */
import type { SimulatedCaller } from '../identity/caller.js';
import type { Collection } from './collection.js';
import type { PageBounds, PageRequest } from './paging.js';
import type { RegionState } from './region-state.js';
import type { ThrottleCategory } from './throttle.js';

export interface ActionContext {
  readonly action: string;
  readonly accountId: string;
  /** Who is calling: the file's caller, or a role assumed into this account. */
  readonly caller: SimulatedCaller;
  readonly region: RegionState;
  readonly now: number;
  /** The account's regions: those of the file and those called since, sorted. */
  regionNames(): string[];
  /** Whether Describe answers carry the details AWS reports and mirrorctl never reads (ec2/details.ts). */
  readonly awsDetails: boolean;
  /** How long a deleted session keeps holding its number on its interface. */
  readonly deletePropagationMs: number;
  /** How long a new load balancer stays `provisioning` before it is `active`. */
  readonly loadBalancerProvisioningMs: number;
  /** False while a resource created less than `consistencyDelayMs` ago has not propagated. */
  visible(id: string): boolean;
  /** A visible resource, or the NotFound error AWS gives for its id. */
  find<T extends { readonly id: string }>(collection: Collection<T>, id: string): T;
  /** `find` for a resource another call names: a new one stays NotFound there `referenceLagMs` longer. */
  reference<T extends { readonly id: string }>(collection: Collection<T>, id: string): T;
  /** A fresh id, derived from the caller's ClientToken when there is one so ids do not depend on call order. */
  newId(prefix: string): string;
  /** Records a resource created by this call (starts its eventual-consistency window). */
  created(id: string): void;
  pageRequest(maxResults: number | undefined, nextToken: string | undefined): PageRequest;
}

export interface ActionDefinition {
  readonly handler: (context: ActionContext, input: never) => object;
  readonly throttle: ThrottleCategory | ((input: never) => ThrottleCategory);
  readonly mutating: boolean;
  /** Create actions that take a ClientToken. */
  readonly idempotent?: boolean;
}

/** Declares an action with the SDK's own request and result types, checked at compile time. */
export function defineAction<Input extends object, Output extends object>(definition: {
  readonly handler: (context: ActionContext, input: Input) => Output;
  readonly throttle: ThrottleCategory | ((input: Input) => ThrottleCategory);
  readonly mutating: boolean;
  readonly idempotent?: boolean;
}): ActionDefinition {
  return definition;
}

export type ActionTable = Readonly<Record<string, ActionDefinition>>;

export const EC2_DESCRIBE_BOUNDS: PageBounds = { min: 5, max: 1000, default: 'all' };
/** The traffic-mirroring default page is not documented; 1000 (the maximum) is assumed. */
export const TRAFFIC_MIRRORING_BOUNDS: PageBounds = { min: 5, max: 1000, default: 1000 };
export const INSTANCE_TYPE_BOUNDS: PageBounds = { min: 5, max: 100, default: 100 };
