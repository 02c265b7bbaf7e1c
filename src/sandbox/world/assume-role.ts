/**
 * STS AssumeRole across the accounts of a sandbox file. A role may be assumed when its account is in the
 * file and active, its trust policy names the caller's account, and the caller gives the external id it
 * requires; anything else is AWS's AccessDenied, which names the caller and the role. The credentials it
 * hands out are the only way to reach another account, and they expire.
 */
import type { AssumeRoleRequest, AssumeRoleResponse } from '@aws-sdk/client-sts';
import type { SandboxRole } from '../file/types.js';
import { isAssumedRole, userId, type SimulatedCaller } from '../identity/caller.js';
import { defineAction, type ActionDefinition } from '../sim/action.js';
import { SimulatedError } from '../sim/errors.js';

/** AWS's defaults: an hour, and at most an hour for a role whose MaxSessionDuration is the default. */
const DEFAULT_DURATION_SECONDS = 3_600;
const MIN_DURATION_SECONDS = 900;
const MAX_DURATION_SECONDS = 3_600;

const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

/** What AssumeRole needs of the sandbox's other accounts. */
export interface RoleDirectory {
  account(accountId: string): { readonly roles: readonly SandboxRole[]; readonly status: string; readonly accountAlias: string | undefined } | undefined;
  /** Registers a session for `principal` until `expiresAt` and returns its credentials. */
  issue(principal: SimulatedCaller, expiresAt: number): IssuedCredentials;
}

const validation = (message: string): SimulatedError => new SimulatedError('ValidationError', message);

function duration(input: AssumeRoleRequest, caller: SimulatedCaller): number {
  const seconds = input.DurationSeconds ?? DEFAULT_DURATION_SECONDS;
  if (!Number.isInteger(seconds) || seconds < MIN_DURATION_SECONDS || seconds > 43_200) {
    throw validation(`1 validation error detected: Value '${seconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`);
  }
  if (seconds > MAX_DURATION_SECONDS) {
    throw validation(
      isAssumedRole(caller.arn)
        ? 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
        : 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  return seconds;
}

export function assumeRoleAction(directory: RoleDirectory): ActionDefinition {
  return defineAction<AssumeRoleRequest, AssumeRoleResponse>({
    throttle: 'none',
    mutating: false,
    handler: ({ caller, now }, input) => {
      const roleArn = input.RoleArn ?? '';
      const match = ROLE_ARN.exec(roleArn);
      if (match === null) throw validation(`${roleArn === '' ? 'RoleArn is required' : `${roleArn} is not a valid role ARN`}`);
      const [, partition = 'aws', accountId = '', roleName = ''] = match;
      const sessionName = input.RoleSessionName ?? '';
      if (!SESSION_NAME.test(sessionName)) {
        throw validation(`1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
      }
      const seconds = duration(input, caller);
      const account = directory.account(accountId);
      const role = account?.roles.find((candidate) => candidate.name === roleName);
      const allowed =
        account !== undefined &&
        account.status === 'ACTIVE' &&
        role !== undefined &&
        role.trustedAccounts.includes(caller.accountId) &&
        (role.externalId === undefined || role.externalId === input.ExternalId);
      if (!allowed) {
        throw new SimulatedError('AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
      }
      const arn = `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
      const expiresAt = now + seconds * 1000;
      const issued = directory.issue({ accountId, arn, accountAlias: account.accountAlias }, expiresAt);
      return {
        Credentials: {
          AccessKeyId: issued.accessKeyId,
          SecretAccessKey: issued.secretAccessKey,
          SessionToken: issued.sessionToken,
          Expiration: new Date(expiresAt),
        },
        AssumedRoleUser: { AssumedRoleId: userId(arn), Arn: arn },
      };
    },
  });
}
