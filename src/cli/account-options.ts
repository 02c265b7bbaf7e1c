/** Options shared by every command that reads or changes an AWS account (or a sandbox account file). */
import type { Argv, Options } from 'yargs';
import type { AccountOptions } from '../app/account.js';
import type { SimulatorOptions } from '../sandbox/index.js';
import type { GlobalArgs } from './context.js';
import { numberIn } from './number-options.js';

export interface AccountArgs extends GlobalArgs {
  /** Absent: MIRRORCTL_CONFIG, else the nearest mirror.config.yaml (src/cli/policy-path.ts). */
  readonly config: string | undefined;
  readonly sandbox: string | undefined;
  readonly region: string[] | undefined;
  readonly profile: string | undefined;
  readonly endpointUrl: string | undefined;
  readonly maxAttempts: number | undefined;
  readonly retryMode: 'standard' | 'adaptive' | undefined;
  readonly timeout: number | undefined;
  readonly sandboxLatency: number | undefined;
  readonly sandboxThrottle: number | undefined;
  readonly sandboxFaultRate: number | undefined;
  readonly sandboxConsistencyDelay: number | undefined;
  readonly sandboxPageSize: number | undefined;
  readonly sandboxExpireCredentialsAfter?: number | undefined;
}

export const configOption = {
  alias: 'c',
  type: 'string',
  defaultDescription: '$MIRRORCTL_CONFIG, else the nearest mirror.config.yaml here or in a parent directory',
  requiresArg: true,
  describe: 'Policy file',
} as const satisfies Options;

export function withAccountOptions<T extends GlobalArgs>(cli: Argv<T>): Argv<T & AccountArgs> {
  return cli
    .option('config', configOption)
    .option('sandbox', {
      type: 'string',
      requiresArg: true,
      describe: 'Work on a simulated account from this file instead of AWS (see examples/sandbox)',
    })
    .option('region', {
      type: 'string',
      array: true,
      requiresArg: true,
      describe: "Only these of the policy's regions (repeatable)",
    })
    .option('profile', { type: 'string', requiresArg: true, describe: 'AWS shared-config profile' })
    .option('endpoint-url', {
      type: 'string',
      requiresArg: true,
      describe: 'EC2-compatible endpoint (e.g. LocalStack); AWS_ENDPOINT_URL(_EC2) also work',
    })
    .option('max-attempts', {
      type: 'number',
      requiresArg: true,
      coerce: numberIn('max-attempts', { integer: true, min: 1 }),
      describe: 'Attempts per AWS read before giving up (default 8, or AWS_MAX_ATTEMPTS)',
    })
    .option('retry-mode', {
      choices: ['standard', 'adaptive'] as const,
      describe: 'SDK retry mode for reads (default standard, or AWS_RETRY_MODE)',
    })
    .option('timeout', {
      type: 'number',
      requiresArg: true,
      coerce: numberIn('timeout', { above: 0 }),
      describe: 'Seconds to wait for each AWS answer before retrying (default 30; connecting: at most 5)',
    })
    .group(['config', 'sandbox', 'region', 'profile', 'endpoint-url', 'max-attempts', 'retry-mode', 'timeout'], 'Account:')
    .option('sandbox-latency', {
      type: 'number',
      requiresArg: true,
      coerce: numberIn('sandbox-latency', { min: 0 }),
      describe: 'Milliseconds added to every simulated call',
    })
    .option('sandbox-throttle', {
      type: 'number',
      requiresArg: true,
      coerce: numberIn('sandbox-throttle', { above: 0 }),
      describe: "Throttle like EC2's default token buckets, scaled by this factor (1 = AWS's real limits)",
    })
    .option('sandbox-fault-rate', {
      type: 'number',
      requiresArg: true,
      coerce: numberIn('sandbox-fault-rate', { min: 0, max: 1 }),
      describe: 'Share of calls failing with InternalError (half of them after the change took effect)',
    })
    .option('sandbox-consistency-delay', {
      type: 'number',
      requiresArg: true,
      coerce: numberIn('sandbox-consistency-delay', { min: 0 }),
      describe: 'Milliseconds a new resource stays invisible (eventual consistency)',
    })
    .option('sandbox-page-size', {
      type: 'number',
      requiresArg: true,
      coerce: numberIn('sandbox-page-size', { integer: true, min: 1 }),
      describe: 'Items per Describe page',
    })
    .option('sandbox-expire-credentials-after', {
      type: 'number',
      requiresArg: true,
      coerce: numberIn('sandbox-expire-credentials-after', { integer: true, min: 0 }),
      describe: 'Answer ExpiredToken to every call after this many successful writes',
    })
    .group(
      [
        'sandbox-latency',
        'sandbox-throttle',
        'sandbox-fault-rate',
        'sandbox-consistency-delay',
        'sandbox-page-size',
        'sandbox-expire-credentials-after',
      ],
      'Sandbox realism (off unless given):',
    ) as unknown as Argv<T & AccountArgs>;
}

export function accountOptions(args: Omit<AccountArgs, 'config'>): AccountOptions {
  const simulator = simulatorOptions(args);
  return {
    ...(args.sandbox === undefined ? {} : { sandboxPath: args.sandbox }),
    ...(simulator === undefined ? {} : { simulator }),
    ...(args.profile === undefined ? {} : { profile: args.profile }),
    ...(args.endpointUrl === undefined ? {} : { endpointUrl: args.endpointUrl }),
    ...(args.maxAttempts === undefined ? {} : { maxAttempts: args.maxAttempts }),
    ...(args.retryMode === undefined ? {} : { retryMode: args.retryMode }),
    ...(args.timeout === undefined ? {} : { timeoutSeconds: args.timeout }),
  };
}

export type RealismArgs = Pick<
  AccountArgs,
  'sandboxLatency' | 'sandboxThrottle' | 'sandboxFaultRate' | 'sandboxConsistencyDelay' | 'sandboxPageSize' | 'sandboxExpireCredentialsAfter'
>;

/** The simulator's realism knobs the `--sandbox-*` options asked for; undefined when none was given. */
export function simulatorOptions(args: RealismArgs): SimulatorOptions | undefined {
  const options: SimulatorOptions = {
    ...(args.sandboxLatency === undefined ? {} : { latencyMs: args.sandboxLatency }),
    ...(args.sandboxThrottle === undefined ? {} : { throttle: { factor: args.sandboxThrottle } }),
    ...(args.sandboxFaultRate === undefined ? {} : { faults: { rate: args.sandboxFaultRate, seed: 1 } }),
    ...(args.sandboxConsistencyDelay === undefined ? {} : { consistencyDelayMs: args.sandboxConsistencyDelay }),
    ...(args.sandboxPageSize === undefined ? {} : { pageSize: args.sandboxPageSize }),
    ...(args.sandboxExpireCredentialsAfter === undefined
      ? {}
      : { expireCredentialsAfterWrites: args.sandboxExpireCredentialsAfter }),
  };
  return Object.keys(options).length === 0 ? undefined : options;
}
