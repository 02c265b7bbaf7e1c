/**
 * Whether running again may succeed: the record is then failed so SQS (or EventBridge) delivers it again.
 * AWS's own classes come from the executor's classifier (the SDK's); mirrorctl's codes are listed here.
 */
import { classifyError } from '../../aws/apply/classify.js';

// The executor's own codes for conditions a later run resolves by itself.
const RETRYABLE_MIRRORCTL = new Set([
  'Interrupted',
  'MissingId',
  'SessionNumberConflict',
  'ChangedByAnotherRun',
  'ReplayedDeletedResource',
  'UnresolvedReference',
]);

/** By AWS's (or the executor's) error code alone. */
export function isRetryableCode(code: string): boolean {
  if (RETRYABLE_MIRRORCTL.has(code)) return true;
  const errorClass = classifyError({ name: code, message: '' }).class;
  // NotFound: something changed under the run (an id deleted meanwhile); the next run reads it afresh.
  return errorClass === 'throttle' || errorClass === 'transient' || errorClass === 'auth' || errorClass === 'not-found';
}

/** The AWS error a failed read was caused by, found down the cause chain of the UserError discovery throws. */
export function awsErrorOf(error: unknown): { code: string; retryable: boolean } | undefined {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 8; depth += 1) {
    if ('$metadata' in current || '$fault' in current) {
      const classified = classifyError(current);
      const retryable = classified.class !== 'fatal' && classified.class !== 'idempotency';
      return { code: classified.code, retryable };
    }
    current = current.cause;
  }
  return undefined;
}
