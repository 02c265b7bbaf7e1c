/** The options of a run over several accounts, on plan, apply and destroy. */
import type { Argv } from 'yargs';
import { UserError } from '../../core/errors.js';
import type { Policy } from '../../core/types/policy.js';
import { numberIn } from '../number-options.js';

export interface AccountsArgs {
  /** `--account`, repeatable; undefined when not given. */
  readonly account?: string[] | undefined;
  readonly continueOnAccountError?: boolean | undefined;
  readonly accountConcurrency?: number | undefined;
}

export function withAccountsOptions<T>(cli: Argv<T>): Argv<T & AccountsArgs> {
  return cli
    .option('account', {
      type: 'string',
      array: true,
      requiresArg: true,
      describe: "Only this one of the policy's accounts (repeatable); any other account is refused",
    })
    .option('continue-on-account-error', {
      type: 'boolean',
      describe: 'Plan (and apply) the other accounts when one cannot be planned; the run still exits 1',
    })
    .option('account-concurrency', {
      type: 'number',
      requiresArg: true,
      coerce: numberIn('account-concurrency', { integer: true, min: 1 }),
      describe: 'Accounts worked on at once (default 8)',
    })
    .group(['account', 'continue-on-account-error', 'account-concurrency'], 'Several accounts (accounts: with roleName):') as unknown as Argv<
    T & AccountsArgs
  >;
}

const ACCOUNT_ID = /^\d{12}$/;

/** The options make sense only for a policy that names accounts to reach; an --account is 12 digits. */
export function checkAccountsArgs(args: AccountsArgs, policy: Policy, policyFile: string): void {
  const given = [
    ...(args.account === undefined ? [] : ['--account']),
    ...(args.continueOnAccountError === undefined ? [] : ['--continue-on-account-error']),
    ...(args.accountConcurrency === undefined ? [] : ['--account-concurrency']),
  ];
  if (policy.memberAccounts === undefined && given.length > 0) {
    throw new UserError(`${given.join(', ')} needs a policy for several accounts, and ${policyFile} plans the caller's account only`, {
      hint: 'give accounts: in the policy as an object with roleName (see "Several accounts" in the README), or drop the option',
    });
  }
  const malformed = (args.account ?? []).filter((account) => !ACCOUNT_ID.test(account));
  if (malformed.length > 0) {
    throw new UserError(`--account ${malformed.join(', ')} is not a 12-digit AWS account id`, { hint: 'e.g. --account 123456789012' });
  }
}
