/**
 * Credentials for a role in another account: one STS AssumeRole through the SDK's fromTemporaryCredentials,
 * shared by every client of that account (the SDK memoizes per client, and an account has dozens), and
 * assumed again shortly before they expire, so an apply longer than the session's hour keeps going.
 */
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
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

/**
 * `options` are the caller's (profile, endpoint, timeouts, sandbox); `region` picks STS's regional endpoint.
 * `now` is the clock the refresh reads (tests).
 */
export function assumedRoleCredentials(
  options: AwsOptions,
  region: string,
  session: RoleSession,
  now: () => number = Date.now,
): AwsCredentialIdentityProvider {
  // The caller's own credentials sign the AssumeRole; the role's credentials are what this returns.
  const { credentials: callerCredentials, ...callerOptions } = options;
  const stsConfig = sharedConfig(callerOptions);
  const sandbox = options.sandbox;
  const provider = fromTemporaryCredentials({
    params: {
      RoleArn: roleArnOf(session),
      RoleSessionName: session.sessionName,
      DurationSeconds: SESSION_SECONDS,
      ...(session.externalId === undefined ? {} : { ExternalId: session.externalId }),
    },
    masterCredentials:
      sandbox?.callerCredentials ?? callerCredentials ?? fromNodeProviderChain(options.profile === undefined ? {} : { profile: options.profile }),
    clientConfig: { ...stsConfig, region },
    ...(sandbox === undefined ? {} : { clientPlugins: [sandbox.stsPlugin(region)] }),
  });
  return refreshing(provider, now);
}

/**
 * One set of credentials at a time for all callers: concurrent first calls share one AssumeRole, and a new
 * one is made only within REFRESH_BEFORE_EXPIRY_MS of expiry. A failed refresh is not cached: the next call
 * tries again.
 */
export function refreshing(provider: AwsCredentialIdentityProvider, now: () => number = Date.now): AwsCredentialIdentityProvider {
  let current: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
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
