/**
 * The simulated account: regions of EC2 and ELBv2 state, and the realism knobs every call passes through
 * in AWS's order — latency, expired credentials, throttling, injected faults, dry run, idempotency, then the
 * action itself.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxFile, SandboxRegion } from '../file/types.js';
import { ec2Actions } from '../ec2/index.js';
import { elbv2Actions } from '../elbv2/index.js';
import { defaultCallerArn, iamActions, stsActions, type SimulatedCaller } from '../identity/index.js';
import type { ActionDefinition } from './action.js';
import { CallContext } from './context.js';
import { Counters } from './counters.js';
import { dumpRegion } from './dump.js';
import { accessDenied, expiredToken, internalError, requestLimitExceeded, SimulatedError } from './errors.js';
import { hashHex } from './ids.js';
import { remember, replay, requestFingerprint } from './idempotency.js';
import { loadRegion } from './load.js';
import { seededRandom } from './random.js';
import type { RegionState } from './region-state.js';
import { TokenBuckets } from './throttle.js';

export interface SimulatorOptions {
  /** Cap on items per Describe page (tests and benchmarks use e.g. 5); default: AWS's own MaxResults behaviour. */
  pageSize?: number;
  /** EC2 token buckets with AWS's default sizes and rates, both multiplied by `factor` (default 1). */
  throttle?: false | { factor?: number };
  /** Added to every call. */
  latencyMs?: number;
  /** Seeded InternalError (500) faults; `afterMutationShare` of those on mutating calls (default 0.5) strike after the change took effect. */
  faults?: { rate: number; seed: number; afterMutationShare?: number };
  /** A resource created through the API stays invisible to Describe*, Modify*, Delete* and references for this long. */
  consistencyDelayMs?: number;
  /**
   * For this long beyond `consistencyDelayMs`, a new target or filter that Describe already lists is still
   * NotFound when another call names it (a session's target or filter, a rule's filter).
   */
  referenceLagMs?: number;
  /** A deleted session keeps holding its session number on its interface for this long (a delete still propagating). */
  deletePropagationMs?: number;
  /** Clock for token buckets and consistency (default Date.now). */
  now?: () => number;
  /** The credentials expire after this many successful mutating calls: every later call answers ExpiredToken. */
  expireCredentialsAfterWrites?: number;
  /**
   * Describe answers also carry what AWS reports and mirrorctl never reads (AMIs, block devices, security
   * groups…), so that they have AWS's size. Off in-process, where nothing is serialised; a served call asks
   * for them itself.
   */
  awsDetails?: boolean;
}

/** What one call asks of the simulator beyond its input. */
export interface CallOptions {
  /** The token the SDK generated when the caller gave none. */
  readonly sdkClientToken?: string | undefined;
  /** Overrides `SimulatorOptions.awsDetails` for this call. */
  readonly awsDetails?: boolean;
}

export type Service = 'ec2' | 'elbv2' | 'sts' | 'iam';

/** The service prefix IAM policies name actions by, as in `deniedActions`. */
const IAM_PREFIX: Readonly<Record<Service, string>> = { ec2: 'ec2', elbv2: 'elasticloadbalancing', sts: 'sts', iam: 'iam' };

type Fault = 'before' | 'after' | undefined;

export class Simulator {
  readonly accountId: string;
  readonly caller: SimulatedCaller;
  readonly counters = new Counters();
  private readonly tables: Readonly<Record<Service, Readonly<Record<string, ActionDefinition>>>>;
  private readonly denied: ReadonlySet<string>;
  private readonly deniedActions: readonly string[];
  private readonly regions = new Map<string, RegionState>();
  private readonly options: SimulatorOptions;
  private readonly now: () => number;
  private readonly buckets: TokenBuckets | undefined;
  private readonly random: (() => number) | undefined;
  private requests = 0;
  private writes = 0;

  constructor(file: SandboxFile, options: SimulatorOptions = {}) {
    this.accountId = file.accountId;
    this.caller = { accountId: file.accountId, arn: file.callerArn ?? defaultCallerArn(file.accountId), accountAlias: file.accountAlias };
    this.tables = { ec2: ec2Actions, elbv2: elbv2Actions, sts: stsActions(this.caller), iam: iamActions(this.caller) };
    this.deniedActions = file.deniedActions ?? [];
    this.denied = new Set(this.deniedActions);
    this.options = options;
    this.now = options.now ?? Date.now;
    this.buckets = options.throttle ? new TokenBuckets(options.throttle.factor ?? 1) : undefined;
    this.random = options.faults ? seededRandom(options.faults.seed) : undefined;
    for (const [name, data] of Object.entries(file.regions)) this.regions.set(name, loadRegion(name, data, file.accountId));
  }

  region(name: string): RegionState {
    let region = this.regions.get(name);
    if (!region) {
      region = loadRegion(name, {}, this.accountId);
      this.regions.set(name, region);
    }
    return region;
  }

  /** A request id that is stable across identical runs. */
  nextRequestId(): string {
    this.requests += 1;
    const hex = hashHex(`request/${this.requests}`, 32);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /**
   * Runs one API call. `sdkClientToken` is the token the SDK generated when the caller gave none: AWS
   * honours it, so an SDK retry after a lost response does not create a second resource.
   */
  async call(
    service: Service,
    regionName: string,
    action: string,
    input: Readonly<Record<string, unknown>>,
    options: CallOptions = {},
  ): Promise<object> {
    const definition = this.tables[service][action];
    this.counters.record(action, definition?.mutating ?? !action.startsWith('Describe'));
    if (this.options.latencyMs) await sleep(this.options.latencyMs);
    if (!definition) {
      throw new SimulatedError('InvalidAction', `The sandbox does not simulate the ${service.toUpperCase()} action ${action}`);
    }
    // AWS authenticates a request before it throttles or runs it.
    const expireAfter = this.options.expireCredentialsAfterWrites;
    if (expireAfter !== undefined && this.writes >= expireAfter) {
      this.counters.expired += 1;
      throw expiredToken();
    }
    const permission = `${IAM_PREFIX[service]}:${action}`;
    if (this.denied.has(permission)) throw accessDenied(service, this.caller.arn, permission);
    const now = this.now();
    const region = this.region(regionName);
    if (this.buckets && service === 'ec2') {
      const category = typeof definition.throttle === 'function' ? definition.throttle(input as never) : definition.throttle;
      if (!this.buckets.take(`${regionName}/${action}`, category, now)) {
        this.counters.throttled += 1;
        throw requestLimitExceeded();
      }
    }
    const fault = this.drawFault(definition.mutating);
    if (fault === 'before') this.raiseFault();
    if (input['DryRun'] === true) {
      throw new SimulatedError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    }
    const output = this.run(definition, {
      action,
      region,
      now,
      input,
      sdkClientToken: options.sdkClientToken,
      awsDetails: options.awsDetails ?? this.options.awsDetails ?? false,
    });
    if (fault === 'after') this.raiseFault();
    if (definition.mutating) this.writes += 1;
    return output;
  }

  toFile(): SandboxFile {
    const regions: Record<string, SandboxRegion> = {};
    for (const [name, region] of this.regions) {
      const dumped = dumpRegion(region, this.accountId);
      if (Object.values(dumped).some((value) => value !== undefined)) regions[name] = dumped;
    }
    return {
      version: 1,
      accountId: this.accountId,
      ...(this.caller.arn === defaultCallerArn(this.accountId) ? {} : { callerArn: this.caller.arn }),
      ...(this.caller.accountAlias === undefined ? {} : { accountAlias: this.caller.accountAlias }),
      ...(this.deniedActions.length === 0 ? {} : { deniedActions: [...this.deniedActions] }),
      regions,
    };
  }

  private run(
    definition: ActionDefinition,
    call: {
      action: string;
      region: RegionState;
      now: number;
      input: Readonly<Record<string, unknown>>;
      sdkClientToken: string | undefined;
      awsDetails: boolean;
    },
  ): object {
    const { action, region, now, input } = call;
    const callerToken = typeof input['ClientToken'] === 'string' ? input['ClientToken'] : undefined;
    const token = definition.idempotent ? (callerToken ?? call.sdkClientToken) : undefined;
    const fingerprint = token === undefined ? '' : requestFingerprint(input);
    if (token !== undefined) {
      const earlier = replay(region, action, token, fingerprint);
      if (earlier) return earlier;
    }
    const context = new CallContext({
      action,
      accountId: this.accountId,
      region,
      now,
      consistencyDelayMs: this.options.consistencyDelayMs ?? 0,
      referenceLagMs: this.options.referenceLagMs ?? 0,
      deletePropagationMs: this.options.deletePropagationMs ?? 0,
      pageSize: this.options.pageSize,
      callerClientToken: definition.idempotent ? callerToken : undefined,
      regionNames: () => [...this.regions.keys()].sort(),
      awsDetails: call.awsDetails,
    });
    const output = definition.handler(context, (token === undefined ? input : { ...input, ClientToken: token }) as never);
    if (token !== undefined) remember(region, action, token, fingerprint, output as Record<string, unknown>);
    return output;
  }

  private drawFault(mutating: boolean): Fault {
    const faults = this.options.faults;
    if (!faults || !this.random || this.random() >= faults.rate) return undefined;
    if (!mutating) return 'before';
    return this.random() < (faults.afterMutationShare ?? 0.5) ? 'after' : 'before';
  }

  private raiseFault(): never {
    this.counters.faults += 1;
    throw internalError();
  }
}
