/**
 * The account the member role of `package --stackset` trusts: `--trust-account`, else the account of the
 * caller's credentials (`--profile`, the default chain) or of a sandbox file's caller, asked of STS.
 */
import { openAccount } from '../app/account.js';
import { readCallerIdentity } from '../aws/identity.js';
import { isUserError, UserError } from '../core/errors.js';
import type { Policy } from '../core/types/policy.js';
import type { PackageArgs } from './commands/package.js';

const ACCOUNT_ID = /^\d{12}$/;

/** The options that only mean something with --stackset are refused without it, and a malformed id at once. */
export function checkStackSetArgs(args: PackageArgs): void {
  const given = [
    ...(args.trustAccount === undefined ? [] : ['--trust-account']),
    ...(args.sandbox === undefined ? [] : ['--sandbox']),
    ...(args.profile === undefined ? [] : ['--profile']),
  ];
  if (!args.stackset && given.length > 0) {
    throw new UserError(`${given.join(', ')} only chooses the account the member role of --stackset trusts; package alone reads no account`, {
      hint: 'add --stackset, or drop the option',
    });
  }
  if (args.trustAccount !== undefined && !ACCOUNT_ID.test(args.trustAccount)) {
    throw new UserError(`--trust-account ${args.trustAccount} is not a 12-digit AWS account id`, { hint: 'e.g. --trust-account 123456789012' });
  }
}

export async function trustedAccountFor(args: PackageArgs, policy: Policy): Promise<string> {
  if (args.trustAccount !== undefined) return args.trustAccount;
  const account = await openAccount({
    ...(args.sandbox === undefined ? {} : { sandboxPath: args.sandbox }),
    ...(args.profile === undefined ? {} : { profile: args.profile }),
  });
  try {
    return (await readCallerIdentity(account.readers, policy.regions[0] ?? 'us-east-1')).accountId;
  } catch (error) {
    if (!isUserError(error)) throw error;
    throw new UserError(`${error.message} The member role must name the account it trusts.`, {
      hint: `pass --trust-account ID (the account that runs mirrorctl plan and apply)${error.hint === undefined ? '' : `, or ${error.hint}`}`,
      cause: error,
    });
  } finally {
    account.readers.destroy();
    account.writers.destroy();
  }
}
