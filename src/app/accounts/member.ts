/**
 * One account of a policy for several accounts, opened through the role the policy names: readers and
 * writers like the caller's own, but signed with that role's credentials (one AssumeRole, shared by every
 * client, refreshed before it expires). A sandbox routes them to that simulated account.
 */
import { assumedRoleCredentials, roleArnOf, type RoleSession } from '../../aws/assume-role.js';
import { createAwsClients } from '../../aws/clients.js';
import type { CallerIdentity } from '../../aws/identity.js';
import { UserError } from '../../core/errors.js';
import type { MemberAccounts } from '../../core/types/policy.js';
import { awsOptionsOf, type Account, type AccountOptions } from '../account.js';

export interface MemberAccount {
  readonly accountId: string;
  readonly roleArn: string;
  readonly account: Account;
  /**
   * Assumes the role (once); rejects with a sentence naming the account, the role and AWS's answer. Resolves
   * to who the credentials are, as AssumeRole named them (undefined if it did not: GetCallerIdentity tells).
   */
  assume(): Promise<CallerIdentity | undefined>;
}

export interface MemberRequest {
  readonly accountId: string;
  readonly members: MemberAccounts;
  /** STS's regional endpoint: the run's first region. */
  readonly region: string;
  /** The caller, for the message when the role cannot be assumed; its partition is the role's. */
  readonly callerArn: string;
  readonly now?: () => number;
}

export function openMemberAccount(caller: Account, options: AccountOptions, request: MemberRequest): MemberAccount {
  const session: RoleSession = {
    accountId: request.accountId,
    roleName: request.members.roleName,
    externalId: request.members.externalId,
    sessionName: request.members.sessionName,
    partition: request.callerArn.split(':')[1] ?? 'aws',
  };
  const sandbox = caller.sandbox?.instance;
  const common = { ...awsOptionsOf(options), ...(sandbox === undefined ? {} : { sandbox }) };
  const credentials = assumedRoleCredentials(common, request.region, session, request.now);
  const roleArn = roleArnOf(session);
  const account: Account = {
    readers: createAwsClients({ ...common, credentials, ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }) }),
    writers: createAwsClients({ ...common, credentials, maxAttempts: 1 }),
    ...(caller.sandbox === undefined ? {} : { sandbox: caller.sandbox }),
  };
  return {
    accountId: request.accountId,
    roleArn,
    account,
    async assume() {
      let identity;
      try {
        identity = await credentials();
      } catch (error) {
        throw assumeRoleError(error, request, roleArn);
      }
      const { accountId, assumedRoleArn } = identity;
      return accountId === undefined || assumedRoleArn === undefined ? undefined : { accountId, arn: assumedRoleArn };
    },
  };
}

function assumeRoleError(error: unknown, request: MemberRequest, roleArn: string): UserError {
  const answer = error instanceof Error ? `${error.name}: ${error.message.trim().replace(/\.$/, '')}` : String(error);
  const externalId = request.members.externalId === undefined ? '' : ' and the external id';
  return new UserError(`Cannot assume role ${roleArn} in account ${request.accountId} as ${request.callerArn}: ${answer}.`, {
    hint:
      `check that account ${request.accountId} has the role and that its trust policy allows account ` +
      `${request.callerArn.split(':')[4] ?? ''}${externalId}; --continue-on-account-error plans the other accounts anyway`,
    cause: error,
  });
}
