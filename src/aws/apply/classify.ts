/**
 * Sorts what a mutating EC2 call threw into what the executor does next: pace and retry, back off and retry,
 * wait for eventual consistency, or give up on that one action.
 */
export type ErrorClass = 'throttle' | 'transient' | 'not-found' | 'idempotency' | 'fatal';

export interface ClassifiedError {
  readonly class: ErrorClass;
  readonly code: string;
  readonly message: string;
}

// The codes @smithy/core's standard retry strategy treats as throttling, as far as EC2 uses them.
const THROTTLING = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'RequestThrottled',
  'RequestThrottledException',
  'EC2ThrottledException',
  'TooManyRequestsException',
  'BandwidthLimitExceeded',
]);
/** Whether AWS refused for rate: such a failure must never reach the user (the executor retries it). */
export const isThrottlingCode = (code: string): boolean => THROTTLING.has(code);

const TRANSIENT = new Set([
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
  'Unavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'PriorRequestNotComplete',
]);
const NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);

interface ErrorFields {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

export function classifyError(error: unknown): ClassifiedError {
  const fields: ErrorFields = typeof error === 'object' && error !== null ? error : {};
  const networkCode = typeof fields.code === 'string' && NETWORK.has(fields.code) ? fields.code : undefined;
  const code = networkCode ?? (typeof fields.name === 'string' && fields.name !== '' ? fields.name : 'Error');
  const message = typeof fields.message === 'string' ? fields.message : String(error);
  const status = fields.$metadata?.httpStatusCode;
  return { class: classOf(code, status, networkCode !== undefined), code, message };
}

function classOf(code: string, status: number | undefined, network: boolean): ErrorClass {
  if (THROTTLING.has(code) || status === 429) return 'throttle';
  if (network || TRANSIENT.has(code) || (status !== undefined && status >= 500)) return 'transient';
  if (code.endsWith('.NotFound')) return 'not-found';
  if (code === 'IdempotentParameterMismatch') return 'idempotency';
  return 'fatal';
}
