/** A sandbox account on virtual time, with the clients applyPlan takes for it. */
import type { Ec2Clients } from '../../../src/aws/apply/index.js';
import { createSandbox, type Sandbox, type SandboxFile, type SimulatorOptions } from '../../../src/sandbox/index.js';
import { virtualClock, type VirtualClock } from './clock.js';

export interface VirtualSandbox {
  /** Spread into applyPlan's options so the executor and the simulated EC2 share one virtual time. */
  readonly clock: VirtualClock;
  readonly sandbox: Sandbox;
  readonly clients: Ec2Clients;
}

export function virtualSandbox(file: SandboxFile, options: Omit<SimulatorOptions, 'now'> = {}): VirtualSandbox {
  const clock = virtualClock();
  const sandbox = createSandbox(file, { ...options, now: clock.now });
  return { clock, sandbox, clients: { ec2: (region) => sandbox.ec2(region), elbv2: (region) => sandbox.elbv2(region) } };
}
