/** The error `loadPolicyOrThrow` raises; light on purpose, so the CLI boundary can recognise it cheaply. */
import { UserError } from '../core/errors.js';
import { countErrors, type Diagnostic } from './diagnostic.js';

export class PolicyError extends UserError {
  readonly diagnostics: readonly Diagnostic[];
  /** The policy text, to show the lines the diagnostics point at. */
  readonly source: string | undefined;

  constructor(file: string, diagnostics: readonly Diagnostic[], source?: string) {
    const errors = countErrors(diagnostics);
    super(`${file} is not a valid policy (${errors} ${errors === 1 ? 'error' : 'errors'})`, {
      hint: `run "mirrorctl validate --config ${file}" after fixing it`,
    });
    this.diagnostics = diagnostics;
    this.source = source;
  }
}

export const isPolicyError = (error: unknown): error is PolicyError => error instanceof PolicyError;
