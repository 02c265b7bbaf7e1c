/**
 * Credentials for a role in another account: one STS AssumeRole, shared by every client of that account (the
 * SDK memoizes per client, and an account has dozens), and assumed again shortly before they expire, so an
 * apply longer than the session's hour keeps going.
 *
 * The call is made here rather than through the SDK's fromTemporaryCredentials, which drops AssumeRole's
 * AssumedRoleUser: its ARN names the account the role is in, and so proves which account the credentials
 * reach without a GetCallerIdentity per account.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@smithy/types';
import { sharedConfig, type AwsOptions } from './clients.js';

/** AWS's default session, and the longest a chained role session (a role assuming a role) may last. */
const SESSION_SECONDS = 3_600;
/** The SDK's own margin: credentials this close to expiry are replaced before a call uses them. */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

export interface RoleSession {
  readonly accountId: string;
  readonly roleName: string;
  readonly externalId?: string | undefined;
  readonly sessionName: string;
  /** The partition of the caller's ARN; default `aws`. */
  readonly partition?: string;
}

export const roleArnOf = (session: RoleSession): string =>
  `arn:${session.partition ?? 'aws'}:iam::${session.accountId}:role/${session.roleName}`;

/** Role credentials, with who they are when AssumeRole said: its AssumedRoleUser's ARN and account. */
export interface AssumedRoleIdentity extends AwsCredentialIdentity {
  /** `arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION`, what GetCallerIdentity would answer. */
  readonly assumedRoleArn?: string;
}

export type AssumedRoleProvider = () => Promise<AssumedRoleIdentity>;

/**
 * `options` are the caller's (profile, endpoint, timeouts, sandbox); `region` picks STS's regional endpoint.
 * `now` is the clock the refresh reads (tests).
 */
export function assumedRoleCredentials(
  options: AwsOptions,
  region: string,
  session: RoleSession,
  now: () => number = Date.now,
): AssumedRoleProvider {
  return refreshing(assumeRole(options, region, session), now);
}

function assumeRole(options: AwsOptions, region: string, session: RoleSession): AssumedRoleProvider {
  // The caller's own credentials sign the AssumeRole; the role's credentials are what this returns.
  const { credentials: callerCredentials, ...callerOptions } = options;
  const sandbox = options.sandbox;
  const roleArn = roleArnOf(session);
  let client: STSClient | undefined;
  const stsClient = (): STSClient => {
    if (client !== undefined) return client;
    client = new STSClient({
      ...sharedConfig(callerOptions),
      region,
      credentials:
        sandbox?.callerCredentials ?? callerCredentials ?? fromNodeProviderChain(options.profile === undefined ? {} : { profile: options.profile }),
    });
    if (sandbox !== undefined) client.middlewareStack.use(sandbox.stsPlugin(region));
    return client;
  };
  return async () => {
    const answer = await stsClient().send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: session.sessionName,
        DurationSeconds: SESSION_SECONDS,
        ...(session.externalId === undefined ? {} : { ExternalId: session.externalId }),
      }),
    );
    const issued = answer.Credentials;
    if (issued?.AccessKeyId === undefined || issued.SecretAccessKey === undefined) {
      throw new Error(`STS AssumeRole of ${roleArn} answered without credentials`);
    }
    const assumedRoleArn = answer.AssumedRoleUser?.Arn;
    const accountId = accountOfAssumedRole(assumedRoleArn);
    return {
      accessKeyId: issued.AccessKeyId,
      secretAccessKey: issued.SecretAccessKey,
      ...(issued.SessionToken === undefined ? {} : { sessionToken: issued.SessionToken }),
      ...(issued.Expiration === undefined ? {} : { expiration: issued.Expiration }),
      ...(accountId === undefined || assumedRoleArn === undefined ? {} : { accountId, assumedRoleArn }),
    };
  };
}

/** arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION → ACCOUNT, when it is one. */
export function accountOfAssumedRole(arn: string | undefined): string | undefined {
  const account = arn?.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/**
 * One set of credentials at a time for all callers: concurrent first calls share one AssumeRole, and a new
 * one is made only within REFRESH_BEFORE_EXPIRY_MS of expiry. A failed refresh is not cached: the next call
 * tries again.
 */
export function refreshing<I extends AwsCredentialIdentity>(provider: () => Promise<I>, now: () => number = Date.now): () => Promise<I> {
  let current: I | undefined;
  let pending: Promise<I> | undefined;
  const fresh = (identity: AwsCredentialIdentity): boolean =>
    identity.expiration === undefined || identity.expiration.getTime() - now() > REFRESH_BEFORE_EXPIRY_MS;
  return async () => {
    if (current !== undefined && fresh(current)) return current;
    pending ??= provider()
      .then((identity) => {
        current = identity;
        return identity;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}
