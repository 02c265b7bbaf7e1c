/**
 * Records every AWS call made through a sandbox's clients, with the account as it was just before the call
 * (for the tags of the resources the call names). Test-only: it wraps a Sandbox, adding one SDK middleware to
 * each client it wires, in the `initialize` step, so it sees each command once (not each retry) and
 * before the sandbox's own middleware answers it.
 */
import type { Sandbox, SandboxClient, SandboxFile } from '../../src/sandbox/index.js';

export interface RecordedCall {
  /** The SDK client's service id: EC2, Elastic Load Balancing v2, STS, IAM. */
  readonly service: string;
  readonly region: string;
  readonly action: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** The account before the call; only for calls that are not reads (reads name no resources). */
  readonly before?: SandboxFile;
}

export interface RecordedWorld {
  /** The policy file the healer ran with. */
  readonly policyPath: string;
  readonly accountId: string;
  readonly calls: RecordedCall[];
}

const isRead = (action: string): boolean => action.startsWith('Describe') || action.startsWith('Get') || action.startsWith('List');

/** The sandbox, recording (for the healer's clients), and the world its calls are recorded in. */
export function recordingSandbox(sandbox: Sandbox, policyPath: string): { sandbox: Sandbox; world: RecordedWorld } {
  const world: RecordedWorld = { policyPath, accountId: sandbox.accountId, calls: [] };
  const attach = (client: SandboxClient, region: string): void => {
    const service = String((client.config as { serviceId?: unknown }).serviceId);
    const recorder = (next: (args: { input: unknown }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: unknown }) => {
      const action = (context.commandName ?? '').replace(/Command$/, '');
      const input = { ...(args.input as Record<string, unknown>) };
      world.calls.push({ service, region, action, input, ...(isRead(action) ? {} : { before: sandbox.toFile() }) });
      return next(args);
    };
    (client.middlewareStack as { add(middleware: unknown, options: object): void }).add(recorder, {
      step: 'initialize',
      name: 'mirrorctlIamRecorder',
      override: true,
    });
    sandbox.attach(client, region);
  };
  const recording: Sandbox = {
    accountId: sandbox.accountId,
    accountIds: sandbox.accountIds,
    callerCredentials: sandbox.callerCredentials,
    calls: sandbox.calls,
    callsOf: (accountId) => sandbox.callsOf(accountId),
    stsPlugin: (region) => sandbox.stsPlugin(region),
    ec2: (region, config) => sandbox.ec2(region, config),
    elbv2: (region, config) => sandbox.elbv2(region, config),
    attach,
    toFile: () => sandbox.toFile(),
    terminateInstance: (region, id) => sandbox.terminateInstance(region, id),
    deleteNetworkInterface: (region, id) => sandbox.deleteNetworkInterface(region, id),
    stopInstance: (region, id) => sandbox.stopInstance(region, id),
    serve: (options) => sandbox.serve(options),
  };
  return { sandbox: recording, world };
}
