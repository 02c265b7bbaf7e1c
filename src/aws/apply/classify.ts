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
  if (code.endsWith('.NotFound')) return 'not-found';
  if (code === 'IdempotentParameterMismatch') return 'idempotency';
  return 'fatal';
}
