/**
 * The simulated account: regions of EC2 and ELBv2 state, and the realism knobs every call passes through
 * in AWS's order — latency, expired credentials, throttling, injected faults, dry run, idempotency, then the
 * action itself.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxAccountFields, SandboxFile, SandboxRegion, SandboxRole } from '../file/types.js';
import { ec2Actions } from '../ec2/index.js';
import { elbv2Actions } from '../elbv2/index.js';
import { defaultCallerArn, iamActions, stsActions, type SimulatedCaller } from '../identity/index.js';
import { RegionState } from './region-state.js';
import type { ActionDefinition, ActionTable } from './action.js';
import { CallContext } from './context.js';
import { Counters } from './counters.js';
import { dumpRegion } from './dump.js';
import { accessDenied, expiredToken, internalError, requestLimitExceeded, SimulatedError } from './errors.js';
import { remember, replay, requestFingerprint } from './idempotency.js';
import { loadRegion } from './load.js';
import { seededRandom } from './random.js';
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
  /** A new load balancer stays `provisioning` this long before it turns `active` (default 0: active at once). */
  loadBalancerProvisioningMs?: number;
  /**
   * Faults that strike the first `times` (default 1) calls of `action`, before or after the change took
   * effect: a deterministic "the create happened but its response was lost".
   */
  scriptedFaults?: readonly ScriptedFault[];
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
  /** Who calls: by default the file's caller. */
  readonly caller?: SimulatedCaller;
}

export interface ScriptedFault {
  readonly action: string;
  readonly when: 'before' | 'after';
  readonly times?: number;
}

export type Service = 'ec2' | 'elbv2' | 'sts' | 'iam' | 'organizations';

/** The service prefix IAM policies name actions by, as in `deniedActions`. */
const IAM_PREFIX: Readonly<Record<Service, string>> = {
  ec2: 'ec2',
  elbv2: 'elasticloadbalancing',
  sts: 'sts',
  iam: 'iam',
  organizations: 'organizations',
};

/** Services with regions; the others are global and leave the account's regions as they are. */
const REGIONAL: ReadonlySet<Service> = new Set(['ec2', 'elbv2']);

/** What one simulated account is made of: the file's own account (with its caller) or one of its `accounts`. */
export type SimulatedAccountData = SandboxAccountFields & { readonly callerArn?: string | undefined };

/** Actions answered with the help of the other accounts (STS AssumeRole, Organizations), by service. */
export type ExtraActions = Partial<Record<Service, ActionTable>>;

type Fault = 'before' | 'after' | undefined;

export class Simulator {
  readonly accountId: string;
  readonly caller: SimulatedCaller;
  readonly roles: readonly SandboxRole[];
  readonly name: string | undefined;
  readonly status: NonNullable<SandboxAccountFields['status']>;
  readonly counters = new Counters();
  private readonly tables: Readonly<Record<Service, Readonly<Record<string, ActionDefinition>>>>;
  private readonly denied: ReadonlySet<string>;
  private readonly deniedActions: readonly string[];
  private readonly regions = new Map<string, RegionState>();
  private readonly options: SimulatorOptions;
  private readonly now: () => number;
  private readonly buckets: TokenBuckets | undefined;
  private readonly random: (() => number) | undefined;
  private writes = 0;
  /** Calls made so far per action that has scripted faults. */
  private readonly scriptedCalls = new Map<string, number>();

  constructor(file: SimulatedAccountData, options: SimulatorOptions = {}, extra: ExtraActions = {}) {
    this.accountId = file.accountId;
    this.caller = { accountId: file.accountId, arn: file.callerArn ?? defaultCallerArn(file.accountId), accountAlias: file.accountAlias };
    this.roles = file.roles ?? [];
    this.name = file.name;
    this.status = file.status ?? 'ACTIVE';
    this.tables = {
      ec2: ec2Actions,
      elbv2: elbv2Actions,
      sts: { ...stsActions, ...extra.sts },
      iam: iamActions,
      organizations: { ...extra.organizations },
    };
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

  /** Whether this account's regions include `name` (a global call never adds one). */
  hasRegion(name: string): boolean {
    return this.regions.has(name);
  }

  regionNames(): string[] {
    return [...this.regions.keys()].sort();
  }

  /**
   * Runs one API call. `sdkClientToken` is the token the SDK generated when the caller gave none: AWS
   * honours it, so an SDK retry after a lost response does not create a second resource. `caller` is who
   * calls: by default the file's caller.
   */
  async call(
    service: Service,
    regionName: string,
    action: string,
    input: Readonly<Record<string, unknown>>,
    options: CallOptions = {},
  ): Promise<object> {
    const caller = options.caller ?? this.caller;
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
    if (this.denied.has(permission)) throw accessDenied(service, caller.arn, permission);
    const now = this.now();
    // A global service's call names a region only for its endpoint: it must not add that region to the account.
    const region = REGIONAL.has(service) ? this.region(regionName) : new RegionState(regionName);
    if (this.buckets && service === 'ec2') {
      const category = typeof definition.throttle === 'function' ? definition.throttle(input as never) : definition.throttle;
      if (!this.buckets.take(`${regionName}/${action}`, category, now)) {
        this.counters.throttled += 1;
        throw requestLimitExceeded();
      }
    }
    const fault = this.scriptedFault(action) ?? this.drawFault(definition.mutating);
    if (fault === 'before') this.raiseFault();
    if (input['DryRun'] === true) {
      throw new SimulatedError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    }
    const output = this.run(definition, {
      action,
      caller,
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
    const { accountId, ...rest } = this.toAccount();
    return {
      version: 1,
      accountId,
      ...(this.caller.arn === defaultCallerArn(this.accountId) ? {} : { callerArn: this.caller.arn }),
      ...rest,
    };
  }

  /** The account in the file format, without the caller: how `accounts` entries are written. */
  toAccount(): SandboxAccountFields {
    const regions: Record<string, SandboxRegion> = {};
    for (const [name, region] of this.regions) {
      const dumped = dumpRegion(region, this.accountId);
      if (Object.values(dumped).some((value) => value !== undefined)) regions[name] = dumped;
    }
    return {
      accountId: this.accountId,
      ...(this.caller.accountAlias === undefined ? {} : { accountAlias: this.caller.accountAlias }),
      ...(this.name === undefined ? {} : { name: this.name }),
      ...(this.status === 'ACTIVE' ? {} : { status: this.status }),
      ...(this.deniedActions.length === 0 ? {} : { deniedActions: [...this.deniedActions] }),
      ...(this.roles.length === 0 ? {} : { roles: this.roles.map((role) => ({ ...role, trustedAccounts: [...role.trustedAccounts] })) }),
      regions,
    };
  }

  private run(
    definition: ActionDefinition,
    call: {
      action: string;
      caller: SimulatedCaller;
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
      caller: call.caller,
      region,
      now,
      consistencyDelayMs: this.options.consistencyDelayMs ?? 0,
      referenceLagMs: this.options.referenceLagMs ?? 0,
      deletePropagationMs: this.options.deletePropagationMs ?? 0,
      loadBalancerProvisioningMs: this.options.loadBalancerProvisioningMs ?? 0,
      pageSize: this.options.pageSize,
      callerClientToken: definition.idempotent ? callerToken : undefined,
      regionNames: () => [...this.regions.keys()].sort(),
      awsDetails: call.awsDetails,
    });
    const output = definition.handler(context, (token === undefined ? input : { ...input, ClientToken: token }) as never);
    if (token !== undefined) remember(region, action, token, fingerprint, output as Record<string, unknown>);
    return output;
  }

  private scriptedFault(action: string): Fault {
    const script = this.options.scriptedFaults?.find((fault) => fault.action === action);
    if (script === undefined) return undefined;
    const calls = (this.scriptedCalls.get(action) ?? 0) + 1;
    this.scriptedCalls.set(action, calls);
    return calls <= (script.times ?? 1) ? script.when : undefined;
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
