/**
 * Errors the user can fix (bad policy, missing credentials, stale plan…). The CLI boundary prints their
 * message (and hint) without a stack and exits 1. Anything else is a bug and shows a stack with --debug.
 */
export interface SourceLocation {
  readonly file: string;
  readonly line: number; // 1-based
  readonly column: number; // 1-based
}

export class UserError extends Error {
  override readonly name = 'UserError';
  readonly hint: string | undefined;
  readonly location: SourceLocation | undefined;

  constructor(message: string, options: { hint?: string; location?: SourceLocation; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
    this.location = options.location;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof Error && error.name === 'UserError';
}
