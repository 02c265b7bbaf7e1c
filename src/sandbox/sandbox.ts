/** The public face of the simulator: real SDK clients wired to one simulated account. */
import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import {
  ElasticLoadBalancingV2Client,
  type ElasticLoadBalancingV2ClientConfig,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { validateSandboxFile } from './file/validate.js';
import type { SandboxFile } from './file/types.js';
import type { CallCounters } from './sim/counters.js';
import { Simulator, type Service, type SimulatorOptions } from './sim/simulator.js';
import { SANDBOX_CREDENTIALS, wireClient, type SandboxClient } from './wiring.js';

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
}

/** By service id rather than class: a client of another copy of the SDK (the packaged handler's bundle) is wired too. */
const SERVICE_IDS: Readonly<Record<string, Service>> = { EC2: 'ec2', 'Elastic Load Balancing v2': 'elbv2', STS: 'sts', IAM: 'iam' };

function serviceOf(client: SandboxClient): Service {
  const service = SERVICE_IDS[String((client.config as { serviceId?: unknown }).serviceId)];
  if (service === undefined) throw new Error('the sandbox simulates EC2, ELBv2, STS and IAM clients only');
  return service;
}

/** Validates the file (a malformed one is a UserError) and starts a simulated account from it. */
export function createSandbox(file: SandboxFile, options: SimulatorOptions = {}): Sandbox {
  return new SimulatedAccount(new Simulator(validateSandboxFile(file), options));
}
