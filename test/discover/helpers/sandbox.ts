/** Discovery through real SDK clients wired to an in-process sandbox account. */
import { createAwsClients, type AwsOptions } from '../../../src/aws/clients.js';
import { discover, type DiscoverOptions } from '../../../src/aws/discover/index.js';
import type { ObservedAccount } from '../../../src/core/types/observed.js';
import { createSandbox, type Sandbox, type SandboxFile, type SimulatorOptions } from '../../../src/sandbox/index.js';

export interface SandboxDiscovery {
  readonly sandbox: Sandbox;
  readonly run: (options: DiscoverOptions) => Promise<ObservedAccount>;
}

export function discoveryOf(
  file: SandboxFile,
  simulator: SimulatorOptions = {},
  clients: Omit<AwsOptions, 'sandbox'> = {},
): SandboxDiscovery {
  const sandbox = createSandbox(file, simulator);
  const aws = createAwsClients({ ...clients, sandbox });
  return { sandbox, run: (options) => discover(aws, options) };
}
