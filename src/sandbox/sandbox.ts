/** The public face of the simulator: real SDK clients wired to one simulated account. */
import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import {
  ElasticLoadBalancingV2Client,
  type ElasticLoadBalancingV2ClientConfig,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { STSClient } from '@aws-sdk/client-sts';
import { validateSandboxFile } from './file/validate.js';
import type { SandboxFile } from './file/types.js';
import type { CallCounters } from './sim/counters.js';
import type { Service, Simulator, SimulatorOptions } from './sim/simulator.js';
import { SANDBOX_CREDENTIALS, sandboxPlugin, wireClient, type SandboxClient, type WireOptions } from './wiring.js';
import { World } from './world/world.js';
import type { SandboxServer, ServeOptions } from './serve/server.js';

export interface Sandbox {
  /** The file's own account, where the credentials start. */
  readonly accountId: string;
  /** Every account of the file, its own first. */
  readonly accountIds: readonly string[];
  /** The static credentials of the file's caller, e.g. to assume a role with. */
  readonly callerCredentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Calls that reached any account of the file. */
  readonly calls: CallCounters;
  /** Calls that reached one account (AssumeRole counts in the caller's account). */
  callsOf(accountId: string): CallCounters;
  /** A new real EC2Client wired to the simulator; `config` may set maxAttempts, retryMode, etc. */
  ec2(region: string, config?: Omit<EC2ClientConfig, 'region' | 'credentials'>): EC2Client;
  elbv2(region: string, config?: Omit<ElasticLoadBalancingV2ClientConfig, 'region' | 'credentials'>): ElasticLoadBalancingV2Client;
  /**
   * Wires a client built elsewhere. Its credentials are replaced by the file's caller's static fake ones,
   * unless `keepCredentials` (credentials from STS AssumeRole, which route its calls to their account).
   */
  attach(client: SandboxClient, region: string, options?: WireOptions): void;
  /**
   * The sandbox as a client plugin for STS clients that sign with the caller's own credentials and must keep
   * them: mirrorctl's AssumeRole client, or one the caller cannot attach (the SDK's fromTemporaryCredentials,
   * `clientPlugins`).
   */
  stsPlugin(region: string): { applyToStack(stack: unknown): void };
  /** The current state, for writing back after an apply. */
  toFile(): SandboxFile;
  /**
   * The world changing (not API calls): ENIs with DeleteOnTermination go, and their sessions with them. These
   * act in the file's own account, or in `accountId`.
   */
  terminateInstance(region: string, instanceId: string, accountId?: string): void;
  /** AWS deletes the sessions of a deleted interface. */
  deleteNetworkInterface(region: string, eniId: string, accountId?: string): void;
  /** Sessions are kept (and billed) while the instance is stopped. */
  stopInstance(region: string, instanceId: string, accountId?: string): void;
  /** Serves the file's own account over HTTP with AWS's query protocols (serve/server.ts); calls count as all others do. */
  serve(options: ServeOptions): Promise<SandboxServer>;
}

/** The counters of several accounts read as one. */
class AllCalls implements CallCounters {
  readonly #simulators: readonly Simulator[];

  constructor(simulators: readonly Simulator[]) {
    this.#simulators = simulators;
  }

  get byAction(): Readonly<Record<string, number>> {
    const merged: Record<string, number> = {};
    for (const simulator of this.#simulators) {
      for (const [action, count] of Object.entries(simulator.counters.byAction)) merged[action] = (merged[action] ?? 0) + count;
    }
    return merged;
  }

  get throttled(): number {
    return this.#sum((calls) => calls.throttled);
  }

  get faults(): number {
    return this.#sum((calls) => calls.faults);
  }

  get expired(): number {
    return this.#sum((calls) => calls.expired);
  }

  total(): number {
    return this.#sum((calls) => calls.total());
  }

  mutating(): number {
    return this.#sum((calls) => calls.mutating());
  }

  reset(): void {
    for (const simulator of this.#simulators) simulator.counters.reset();
  }

  #sum(read: (calls: CallCounters) => number): number {
    return this.#simulators.reduce((sum, simulator) => sum + read(simulator.counters), 0);
  }
}

class SimulatedAccount implements Sandbox {
  readonly accountId: string;
  readonly accountIds: readonly string[];
  readonly callerCredentials = SANDBOX_CREDENTIALS;
  readonly calls: CallCounters;
  private readonly world: World;
  private readonly simulator: Simulator;
  #protocolClient: STSClient | undefined;

  constructor(world: World) {
    this.world = world;
    this.simulator = world.home;
    this.accountId = world.home.accountId;
    this.accountIds = [...world.accounts.keys()];
    // One account: its own counters, as before accounts could be several.
    this.calls = world.accounts.size === 1 ? world.home.counters : new AllCalls([...world.accounts.values()]);
  }

  callsOf(accountId: string): CallCounters {
    const simulator = this.world.accounts.get(accountId);
    if (simulator === undefined) throw new Error(`No account ${accountId} in the sandbox`);
    return simulator.counters;
  }

  ec2(region: string, config: Omit<EC2ClientConfig, 'region' | 'credentials'> = {}): EC2Client {
    const client = new EC2Client({ ...config, region, credentials: SANDBOX_CREDENTIALS });
    wireClient(client, 'ec2', region, this.world);
    return client;
  }

  elbv2(
    region: string,
    config: Omit<ElasticLoadBalancingV2ClientConfig, 'region' | 'credentials'> = {},
  ): ElasticLoadBalancingV2Client {
    const client = new ElasticLoadBalancingV2Client({ ...config, region, credentials: SANDBOX_CREDENTIALS });
    wireClient(client, 'elbv2', region, this.world);
    return client;
  }

  attach(client: SandboxClient, region: string, options?: WireOptions): void {
    wireClient(client, serviceOf(client), region, this.world, options);
  }

  stsPlugin(region: string): { applyToStack(stack: unknown): void } {
    return sandboxPlugin('sts', region, this.world, () => (this.#protocolClient ??= new STSClient({ region, credentials: SANDBOX_CREDENTIALS })));
  }

  toFile(): SandboxFile {
    return this.world.toFile();
  }

  private account(accountId: string | undefined): Simulator {
    const simulator = accountId === undefined ? this.simulator : this.world.accounts.get(accountId);
    if (simulator === undefined) throw new Error(`No account ${accountId ?? ''} in the sandbox`);
    return simulator;
  }

  terminateInstance(region: string, instanceId: string, accountId?: string): void {
    const simulator = this.account(accountId);
    const state = simulator.region(region);
    const instance = state.instances.get(instanceId);
    if (!instance) throw new Error(`No instance ${instanceId} in ${region}`);
    for (const eniId of [...instance.interfaceIds]) {
      const eni = state.networkInterfaces.get(eniId);
      if (!eni) continue;
      if (eni.attachment?.deleteOnTermination) state.removeNetworkInterface(eniId);
      else state.detach(eni);
    }
    instance.state = 'terminated';
    this.world.changed(simulator.accountId, region);
  }

  deleteNetworkInterface(region: string, eniId: string, accountId?: string): void {
    const simulator = this.account(accountId);
    const state = simulator.region(region);
    if (!state.networkInterfaces.has(eniId)) throw new Error(`No network interface ${eniId} in ${region}`);
    state.removeNetworkInterface(eniId);
    this.world.changed(simulator.accountId, region);
  }

  stopInstance(region: string, instanceId: string, accountId?: string): void {
    const instance = this.account(accountId).region(region).instances.get(instanceId);
    if (!instance) throw new Error(`No instance ${instanceId} in ${region}`);
    instance.state = 'stopped';
  }

  async serve(options: ServeOptions): Promise<SandboxServer> {
    // Loaded on demand: the in-process sandbox has no use for an HTTP server.
    const { serveSimulator } = await import('./serve/server.js');
    return serveSimulator({ simulator: this.simulator, nextRequestId: () => this.world.nextRequestId() }, options);
  }
}

/** By service id rather than class: a client of another copy of the SDK (the packaged handler's bundle) is wired too. */
const SERVICE_IDS: Readonly<Record<string, Service>> = {
  EC2: 'ec2',
  'Elastic Load Balancing v2': 'elbv2',
  STS: 'sts',
  IAM: 'iam',
  Organizations: 'organizations',
};

function serviceOf(client: SandboxClient): Service {
  const service = SERVICE_IDS[String((client.config as { serviceId?: unknown }).serviceId)];
  if (service === undefined) throw new Error('the sandbox simulates EC2, ELBv2, STS, IAM and Organizations clients only');
  return service;
}

/** Validates the file (a malformed one is a UserError) and starts its simulated accounts. */
export function createSandbox(file: SandboxFile, options: SimulatorOptions = {}): Sandbox {
  return new SimulatedAccount(new World(validateSandboxFile(file), options));
}
