/** Options shared by every command that reads or changes an AWS account (or a sandbox account file). */
import type { Argv } from 'yargs';
import type { AccountOptions } from '../app/account.js';
import type { GlobalArgs } from './context.js';

export interface AccountArgs extends GlobalArgs {
  readonly config: string;
  readonly sandbox: string | undefined;
  readonly region: string[] | undefined;
  readonly profile: string | undefined;
  readonly endpointUrl: string | undefined;
  readonly maxAttempts: number | undefined;
  readonly retryMode: 'standard' | 'adaptive' | undefined;
}

export function withAccountOptions<T extends GlobalArgs>(cli: Argv<T>): Argv<T & AccountArgs> {
  return cli
    .option('config', {
      alias: 'c',
      type: 'string',
      default: 'mirror.config.yaml',
      requiresArg: true,
      describe: 'Policy file',
    })
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
      describe: 'Attempts per AWS read before giving up (default 8, or AWS_MAX_ATTEMPTS)',
    })
    .option('retry-mode', {
      choices: ['standard', 'adaptive'] as const,
      describe: 'SDK retry mode for reads (default standard, or AWS_RETRY_MODE)',
    })
    .group(['config', 'sandbox', 'region', 'profile', 'endpoint-url', 'max-attempts', 'retry-mode'], 'Account:') as unknown as Argv<T & AccountArgs>;
}

export function accountOptions(args: AccountArgs): AccountOptions {
  return {
    ...(args.sandbox === undefined ? {} : { sandboxPath: args.sandbox }),
    ...(args.profile === undefined ? {} : { profile: args.profile }),
    ...(args.endpointUrl === undefined ? {} : { endpointUrl: args.endpointUrl }),
    ...(args.maxAttempts === undefined ? {} : { maxAttempts: args.maxAttempts }),
    ...(args.retryMode === undefined ? {} : { retryMode: args.retryMode }),
  };
}
