/**
 * Records every AWS call made through a sandbox organization's clients with the account it reached: the
 * caller's own, or the account whose role STS AssumeRole issued the call's access key for (the recorder
 * watches those answers in the STS client inside the SDK's fromTemporaryCredentials). Test-only, like
 * recorder.ts, whose single-account calls it extends with the account and that account's view of the file.
 */
import type { Sandbox, SandboxAccountFields, SandboxClient, SandboxFile, SandboxRegion } from '../../src/sandbox/index.js';
import type { RecordedCall } from './recorder.js';

export interface AccountCall extends RecordedCall {
  /** The account the call's credentials reached. */
  readonly accountId: string;
}

interface Entry {
  readonly call: RecordedCall;
  readonly accessKey: string | undefined;
}

type Next = (args: { input: unknown }) => Promise<{ output?: unknown }>;
type Context = { commandName?: string; __smithy_context?: { selectedHttpAuthScheme?: { identity?: { accessKeyId?: unknown } } } };
type Stack = { add(middleware: unknown, options: object): void };

const isRead = (action: string): boolean => action.startsWith('Describe') || action.startsWith('Get') || action.startsWith('List');

/** The access key the SDK signed with: chosen before the sandbox answers, so known once the call returns. */
const accessKeyOf = (context: Context): string | undefined => {
  const key = context.__smithy_context?.selectedHttpAuthScheme?.identity?.accessKeyId;
  return typeof key === 'string' ? key : undefined;
};

export function recordingOrganization(sandbox: Sandbox): { sandbox: Sandbox; calls(): AccountCall[] } {
  const entries: Entry[] = [];
  const accountOfKey = new Map<string, string>();

  const attach = (client: SandboxClient, region: string, options?: Parameters<Sandbox['attach']>[2]): void => {
    const service = String((client.config as { serviceId?: unknown }).serviceId);
    const recorder = (next: Next, context: Context) => async (args: { input: unknown }) => {
      const action = (context.commandName ?? '').replace(/Command$/, '');
      const input = { ...(args.input as Record<string, unknown>) };
      const call: RecordedCall = { service, region, action, input, ...(isRead(action) ? {} : { before: sandbox.toFile() }) };
      try {
        return await next(args);
      } finally {
        entries.push({ call, accessKey: accessKeyOf(context) });
      }
    };
    (client.middlewareStack as Stack).add(recorder, { step: 'initialize', name: 'mirrorctlOrganizationRecorder', override: true });
    sandbox.attach(client, region, options);
  };

  const stsPlugin = (region: string) => {
    const inner = sandbox.stsPlugin(region);
    const assumed = (next: Next, context: Context) => async (args: { input: unknown }) => {
      const result = await next(args);
      if (context.commandName === 'AssumeRoleCommand') {
        const key = (result.output as { Credentials?: { AccessKeyId?: string } } | undefined)?.Credentials?.AccessKeyId;
        const account = String((args.input as { RoleArn?: unknown }).RoleArn).split(':')[4];
        if (key !== undefined && account !== undefined) accountOfKey.set(key, account);
      }
      return result;
    };
    return {
      applyToStack(stack: unknown): void {
        inner.applyToStack(stack);
        (stack as Stack).add(assumed, { step: 'initialize', name: 'mirrorctlAssumeRoleRecorder', override: true });
      },
    };
  };

  const recording: Sandbox = {
    accountId: sandbox.accountId,
    accountIds: sandbox.accountIds,
    callerCredentials: sandbox.callerCredentials,
    calls: sandbox.calls,
    callsOf: (accountId) => sandbox.callsOf(accountId),
    stsPlugin,
    ec2: (region, config) => sandbox.ec2(region, config),
    elbv2: (region, config) => sandbox.elbv2(region, config),
    attach,
    toFile: () => sandbox.toFile(),
    terminateInstance: (region, id, accountId) => sandbox.terminateInstance(region, id, accountId),
    deleteNetworkInterface: (region, id, accountId) => sandbox.deleteNetworkInterface(region, id, accountId),
    stopInstance: (region, id, accountId) => sandbox.stopInstance(region, id, accountId),
    serve: (options) => sandbox.serve(options),
  };

  return {
    sandbox: recording,
    calls: () =>
      entries.map(({ call, accessKey }) => {
        const accountId = (accessKey === undefined ? undefined : accountOfKey.get(accessKey)) ?? sandbox.accountId;
        return { ...call, accountId, ...(call.before === undefined ? {} : { before: accountView(call.before, accountId) }) };
      }),
  };
}

/**
 * One account of the file as a single-account file, as that account sees it: its own regions, plus the
 * targets others share with it (with their owner), and, for an owner, the sessions others send to its targets.
 */
export function accountView(file: SandboxFile, accountId: string): SandboxFile {
  const all: SandboxAccountFields[] = [file, ...(file.accounts ?? [])];
  const own = all.find((account) => account.accountId === accountId);
  if (own === undefined) throw new Error(`no account ${accountId} in the sandbox file`);
  const regions: Record<string, SandboxRegion> = structuredClone(own.regions);
  const ownTargets = new Set(Object.values(own.regions).flatMap((region) => (region.trafficMirrorTargets ?? []).map((target) => target.id)));
  for (const other of all) {
    if (other.accountId === accountId) continue;
    for (const [name, region] of Object.entries(other.regions)) {
      const view = (regions[name] ??= {});
      for (const target of region.trafficMirrorTargets ?? []) {
        if (target.sharedWith?.includes(accountId) === true) (view.trafficMirrorTargets ??= []).push({ ...target, ownerId: other.accountId });
      }
      for (const session of region.trafficMirrorSessions ?? []) {
        if (ownTargets.has(session.targetId)) (view.trafficMirrorSessions ??= []).push({ ...session, ownerId: other.accountId });
      }
    }
  }
  return { version: 1, accountId, regions };
}
