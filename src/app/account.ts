/**
 * Opens the account a command works on: real AWS through the SDK's default chain, or a sandbox file.
 * Both paths hand out the same SDK clients, so discovery and apply cannot tell them apart.
 */
import { createAwsClients, type AwsClients, type AwsOptions } from '../aws/clients.js';
import type { Sandbox, SimulatorOptions } from '../sandbox/index.js';

export interface AccountOptions {
  readonly sandboxPath?: string;
  readonly simulator?: SimulatorOptions;
  readonly profile?: string;
  readonly endpointUrl?: string;
  readonly maxAttempts?: number;
  readonly retryMode?: 'standard' | 'adaptive';
  readonly timeoutSeconds?: number;
}

export interface Account {
  /** Clients for reads: the SDK retries throttling itself. */
  readonly readers: AwsClients;
  /** Clients for writes: one attempt per call, the apply executor paces and retries. */
  readonly writers: AwsClients;
  readonly sandbox?: { readonly instance: Sandbox; readonly path: string };
}

/** The SDK settings every client of a run shares (whichever account it reaches). */
export function awsOptionsOf(options: AccountOptions): AwsOptions {
  return {
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.endpointUrl === undefined ? {} : { endpointUrl: options.endpointUrl }),
    ...(options.retryMode === undefined ? {} : { retryMode: options.retryMode }),
    ...(options.timeoutSeconds === undefined ? {} : { timeoutSeconds: options.timeoutSeconds }),
  };
}

export async function openAccount(options: AccountOptions): Promise<Account> {
  const common = awsOptionsOf(options);
  if (options.sandboxPath === undefined) {
    return {
      readers: createAwsClients({ ...common, ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }) }),
      writers: createAwsClients({ ...common, maxAttempts: 1 }),
    };
  }
  const { createSandbox, readSandboxFile } = await import('../sandbox/index.js');
  const file = await readSandboxFile(options.sandboxPath);
  const sandbox = createSandbox(file, options.simulator);
  return {
    readers: createAwsClients({ ...common, sandbox }),
    writers: createAwsClients({ ...common, sandbox, maxAttempts: 1 }),
    sandbox: { instance: sandbox, path: options.sandboxPath },
  };
}

/** Persists what an apply did to a sandbox account, atomically, so the next plan sees it. */
export async function saveSandbox(account: Account): Promise<void> {
  if (account.sandbox === undefined) return;
  const { writeSandboxFile } = await import('../sandbox/index.js');
  await writeSandboxFile(account.sandbox.path, account.sandbox.instance.toFile());
}
