/**
 * Sorts what a mutating EC2 call threw into what the executor does next: stop the whole apply (the
 * credentials are no good), pace and retry, back off and retry, wait for eventual consistency, or give up on
 * that one action.
 *
 * Throttling and transient errors are the SDK's own classification (@smithy/service-error-classification),
 * so the executor retries exactly what the SDK's retry strategy would; the other classes are mirrorctl's.
 */
import {
  isClockSkewCorrectedError,
  isServerError,
  isThrottlingError,
  isTransientError,
} from '@smithy/service-error-classification';

export type ErrorClass = 'auth' | 'throttle' | 'transient' | 'not-found' | 'idempotency' | 'fatal';

export interface ClassifiedError {
  readonly class: ErrorClass;
  readonly code: string;
  readonly message: string;
}

// Every later call with the same credentials gets the same answer: retrying, or starting other actions, only
// multiplies failures. (UnauthorizedOperation is not here: it denies one permission, not the identity.)
const AUTH = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'AuthFailure',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'RequestExpired',
  'SignatureDoesNotMatch',
]);
/** ELBv2 names a missing resource by exception, not by EC2's `.NotFound` suffix. */
const ELB_NOT_FOUND = new Set([
  'LoadBalancerNotFoundException',
  'LoadBalancerNotFound',
  'TargetGroupNotFoundException',
  'TargetGroupNotFound',
  'ListenerNotFoundException',
  'ListenerNotFound',
]);

/** Whether AWS refused the credentials themselves, by code alone. */
export const isAuthCode = (code: string): boolean => AUTH.has(code);

interface ErrorFields {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
}

/** Whether AWS refused for rate, by code alone (the bench counts such failures: there must be none). */
export const isThrottlingCode = (code: string): boolean => isThrottlingError({ name: code } as SdkError);

// Node's system error codes (ECONNRESET…) name a network failure better than the generic `Error` name.
const SYSTEM_CODE = /^E[A-Z]+$/;

export function classifyError(error: unknown): ClassifiedError {
  const fields: ErrorFields = typeof error === 'object' && error !== null ? error : {};
  const systemCode = typeof fields.code === 'string' && SYSTEM_CODE.test(fields.code) ? fields.code : undefined;
  const code = systemCode ?? (typeof fields.name === 'string' && fields.name !== '' ? fields.name : 'Error');
  const message = typeof fields.message === 'string' ? fields.message : String(error);
  const errorClass = typeof error === 'object' && error !== null ? classOf(error as SdkError, code) : 'fatal';
  return { class: errorClass, code, message };
}

// The classifiers only read optional fields (name, code, $metadata, $retryable, cause), so any object will do.
type SdkError = Parameters<typeof isThrottlingError>[0];

function classOf(error: SdkError, code: string): ErrorClass {
  // The SDK's signer sets clockSkewCorrected when a signature was refused for the clock and it fixed its
  // offset: the next attempt is signed right, so that one refusal is transient, not bad credentials.
  if (AUTH.has(code) && isClockSkewCorrectedError(error) !== true) return 'auth';
  if (isThrottlingError(error)) return 'throttle';
  if (isTransientError(error) || isServerError(error)) return 'transient';
  if (code.endsWith('.NotFound') || ELB_NOT_FOUND.has(code)) return 'not-found';
  if (code === 'IdempotentParameterMismatch') return 'idempotency';
  return 'fatal';
}

/**
 * What a NotFound answer means for the call that got it. AWS names the missing id in its message ("The
 * networkInterface ID 'eni-…' does not exist"), and that id decides: one this apply created has not
 * propagated yet (retry within the consistency window); one that existed before the apply is gone, and
 * waiting cannot bring it back. When the message names no id, the code's resource kind picks the call's
 * reference of that kind.
 */
export type NotFoundReading =
  | { readonly verdict: 'propagating' }
  | {
      readonly verdict: 'gone';
      /** The missing id, when AWS or the call's references tell it. */
      readonly id: string | undefined;
      /** mirrorctl's code for the kind that is gone (InterfaceGone…), or undefined for a kind it has none for. */
      readonly goneCode: string | undefined;
      /** The kind in words, for messages: "network interface", "mirror filter"… */
      readonly noun: string | undefined;
    };

interface MissingKind {
  readonly goneCode: string;
  readonly noun: string;
}

// By id prefix. EC2 ids are a prefix, a dash and 8 or 17 hex digits.
const KINDS: Readonly<Record<string, MissingKind>> = {
  eni: { goneCode: 'InterfaceGone', noun: 'network interface' },
  tmt: { goneCode: 'TargetGone', noun: 'mirror target' },
  tmf: { goneCode: 'FilterGone', noun: 'mirror filter' },
  tmfr: { goneCode: 'FilterRuleGone', noun: 'mirror filter rule' },
  tms: { goneCode: 'SessionGone', noun: 'mirror session' },
};

const PREFIX_BY_CODE: Readonly<Record<string, string>> = {
  'InvalidNetworkInterfaceID.NotFound': 'eni',
  'InvalidTrafficMirrorTargetId.NotFound': 'tmt',
  'InvalidTrafficMirrorFilterId.NotFound': 'tmf',
  'InvalidTrafficMirrorFilterRuleId.NotFound': 'tmfr',
  'InvalidTrafficMirrorSessionId.NotFound': 'tms',
};

const EC2_ID = /\b([a-z]+)-(?:[0-9a-f]{17}|[0-9a-f]{8})\b/g;

const prefixOf = (id: string): string => id.slice(0, id.indexOf('-'));

export function readNotFound(
  error: ClassifiedError,
  references: readonly string[],
  createdHere: (id: string) => boolean,
): NotFoundReading {
  const named = [...error.message.matchAll(EC2_ID)].map((match) => match[0]);
  if (named.length > 0) {
    if (named.some(createdHere)) return { verdict: 'propagating' };
    return gone(named[0], prefixOf(named[0] as string));
  }
  const prefix = PREFIX_BY_CODE[error.code];
  if (prefix === undefined) {
    // Neither the message nor the code tells which id is missing: any new id the call names may be it.
    return references.some(createdHere) ? { verdict: 'propagating' } : gone(undefined, undefined);
  }
  const candidates = references.filter((id) => prefixOf(id) === prefix);
  if (candidates.some(createdHere)) return { verdict: 'propagating' };
  return gone(candidates[0], prefix);
}

function gone(id: string | undefined, prefix: string | undefined): NotFoundReading {
  const kind = prefix === undefined ? undefined : KINDS[prefix];
  return { verdict: 'gone', id, goneCode: kind?.goneCode, noun: kind?.noun };
}
