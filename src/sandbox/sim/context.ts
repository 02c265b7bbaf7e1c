/** The per-call view of the simulator handed to action handlers. */
import type { SimulatedCaller } from '../identity/caller.js';
import type { ActionContext } from './action.js';
import type { Collection } from './collection.js';
import { notFound } from './errors.js';
import { awsId } from './ids.js';
import type { PageRequest } from './paging.js';
import type { RegionState } from './region-state.js';

export interface CallSettings {
  readonly action: string;
  readonly accountId: string;
  readonly caller: SimulatedCaller;
  readonly region: RegionState;
  readonly now: number;
  readonly consistencyDelayMs: number;
  readonly referenceLagMs: number;
  readonly deletePropagationMs: number;
  readonly loadBalancerProvisioningMs: number;
  readonly pageSize: number | undefined;
  /** Only a token the caller chose; the SDK's random default token would make ids random. */
  readonly callerClientToken: string | undefined;
  readonly regionNames: () => string[];
  readonly awsDetails: boolean;
}

export class CallContext implements ActionContext {
  readonly action: string;
  readonly accountId: string;
  readonly caller: SimulatedCaller;
  readonly region: RegionState;
  readonly now: number;
  readonly deletePropagationMs: number;
  readonly loadBalancerProvisioningMs: number;
  readonly awsDetails: boolean;
  private readonly settings: CallSettings;

  constructor(settings: CallSettings) {
    this.settings = settings;
    this.action = settings.action;
    this.accountId = settings.accountId;
    this.caller = settings.caller;
    this.region = settings.region;
    this.now = settings.now;
    this.deletePropagationMs = settings.deletePropagationMs;
    this.loadBalancerProvisioningMs = settings.loadBalancerProvisioningMs;
    this.awsDetails = settings.awsDetails;
  }

  regionNames(): string[] {
    return this.settings.regionNames();
  }

  visible(id: string): boolean {
    const createdAt = this.region.createdTime(id);
    return createdAt === undefined || this.now - createdAt >= this.settings.consistencyDelayMs;
  }

  find<T extends { readonly id: string }>(collection: Collection<T>, id: string): T {
    const item = collection.get(id);
    if (item === undefined || !this.visible(id)) throw notFound(id);
    return item;
  }

  reference<T extends { readonly id: string }>(collection: Collection<T>, id: string): T {
    const item = this.find(collection, id);
    const createdAt = this.region.createdTime(id);
    const { consistencyDelayMs, referenceLagMs } = this.settings;
    if (createdAt !== undefined && this.now - createdAt < consistencyDelayMs + referenceLagMs) throw notFound(id);
    return item;
  }

  newId(prefix: string): string {
    const { accountId, region, action, callerClientToken } = this.settings;
    if (callerClientToken !== undefined) {
      const id = awsId(prefix, `${accountId}/${region.name}/${action}/${callerClientToken}`);
      if (!region.hasId(id)) return id;
    }
    for (;;) {
      region.idSequence += 1;
      const id = awsId(prefix, `${accountId}/${region.name}/${region.idSequence}`);
      if (!region.hasId(id)) return id;
    }
  }

  created(id: string): void {
    if (this.settings.consistencyDelayMs > 0 || this.settings.referenceLagMs > 0) this.region.markCreated(id, this.now);
  }

  pageRequest(maxResults: number | undefined, nextToken: string | undefined): PageRequest {
    return { action: this.action, maxResults, nextToken, cap: this.settings.pageSize };
  }
}
