/** The public face of the simulator: real SDK clients wired to one simulated account. */
import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import {
  ElasticLoadBalancingV2Client,
  type ElasticLoadBalancingV2ClientConfig,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { validateSandboxFile } from './file/validate.js';
import type { SandboxFile } from './file/types.js';
import type { CallCounters } from './sim/counters.js';
import { Simulator, type Service, type SimulatorOptions } from './sim/simulator.js';
import { SANDBOX_CREDENTIALS, wireClient, type SandboxClient } from './wiring.js';
import type { SandboxServer, ServeOptions } from './serve/server.js';

export interface Sandbox {
  readonly accountId: string;
  readonly calls: CallCounters;
  /** A new real EC2Client wired to the simulator; `config` may set maxAttempts, retryMode, etc. */
  ec2(region: string, config?: Omit<EC2ClientConfig, 'region' | 'credentials'>): EC2Client;
  elbv2(region: string, config?: Omit<ElasticLoadBalancingV2ClientConfig, 'region' | 'credentials'>): ElasticLoadBalancingV2Client;
  /** Wires a client built elsewhere (its credentials are replaced by static fake ones). */
  attach(client: SandboxClient, region: string): void;
  /** The current state, for writing back after an apply. */
  toFile(): SandboxFile;
  /** The world changing (not API calls): ENIs with DeleteOnTermination go, and their sessions with them. */
  terminateInstance(region: string, instanceId: string): void;
  /** AWS deletes the sessions of a deleted interface. */
  deleteNetworkInterface(region: string, eniId: string): void;
  /** Sessions are kept (and billed) while the instance is stopped. */
  stopInstance(region: string, instanceId: string): void;
  /** Serves this account over HTTP with AWS's query protocols (serve/server.ts); calls count as all others do. */
  serve(options: ServeOptions): Promise<SandboxServer>;
}

class SimulatedAccount implements Sandbox {
  readonly accountId: string;
  readonly calls: CallCounters;
  private readonly simulator: Simulator;

  constructor(simulator: Simulator) {
    this.simulator = simulator;
    this.accountId = simulator.accountId;
    this.calls = simulator.counters;
  }

  ec2(region: string, config: Omit<EC2ClientConfig, 'region' | 'credentials'> = {}): EC2Client {
    const client = new EC2Client({ ...config, region, credentials: SANDBOX_CREDENTIALS });
    wireClient(client, 'ec2', region, this.simulator);
    return client;
  }

  elbv2(
    region: string,
    config: Omit<ElasticLoadBalancingV2ClientConfig, 'region' | 'credentials'> = {},
  ): ElasticLoadBalancingV2Client {
    const client = new ElasticLoadBalancingV2Client({ ...config, region, credentials: SANDBOX_CREDENTIALS });
    wireClient(client, 'elbv2', region, this.simulator);
    return client;
  }

  attach(client: SandboxClient, region: string): void {
    wireClient(client, serviceOf(client), region, this.simulator);
  }

  toFile(): SandboxFile {
    return this.simulator.toFile();
  }

  terminateInstance(region: string, instanceId: string): void {
    const state = this.simulator.region(region);
    const instance = state.instances.get(instanceId);
    if (!instance) throw new Error(`No instance ${instanceId} in ${region}`);
    for (const eniId of [...instance.interfaceIds]) {
      const eni = state.networkInterfaces.get(eniId);
      if (!eni) continue;
      if (eni.attachment?.deleteOnTermination) state.removeNetworkInterface(eniId);
      else state.detach(eni);
    }
    instance.state = 'terminated';
  }

  deleteNetworkInterface(region: string, eniId: string): void {
    const state = this.simulator.region(region);
    if (!state.networkInterfaces.has(eniId)) throw new Error(`No network interface ${eniId} in ${region}`);
    state.removeNetworkInterface(eniId);
  }

  stopInstance(region: string, instanceId: string): void {
    const instance = this.simulator.region(region).instances.get(instanceId);
    if (!instance) throw new Error(`No instance ${instanceId} in ${region}`);
    instance.state = 'stopped';
  }

  async serve(options: ServeOptions): Promise<SandboxServer> {
    // Loaded on demand: the in-process sandbox has no use for an HTTP server.
    const { serveSimulator } = await import('./serve/server.js');
    return serveSimulator(this.simulator, options);
  }
}

function serviceOf(client: SandboxClient): Service {
  if (client instanceof EC2Client) return 'ec2';
  if (client instanceof ElasticLoadBalancingV2Client) return 'elbv2';
  if (client instanceof STSClient) return 'sts';
  if (client instanceof IAMClient) return 'iam';
  throw new Error('the sandbox simulates EC2, ELBv2, STS and IAM clients only');
}

/** Validates the file (a malformed one is a UserError) and starts a simulated account from it. */
export function createSandbox(file: SandboxFile, options: SimulatorOptions = {}): Sandbox {
  return new SimulatedAccount(new Simulator(validateSandboxFile(file), options));
}
