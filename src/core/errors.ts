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

/** Why a file could not be read or written, in words rather than an errno code or a temporary file's name. */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}
