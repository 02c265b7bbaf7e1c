/**
 * Bounds for numeric options, checked while the arguments are parsed (yargs `coerce`): a value such as
 * `--concurrency 0` or `--max-rate abc` is a usage error before anything is read or changed, never an
 * internal error halfway through an apply, nor a NaN that silently turns into a default.
 */
import { UserError } from '../core/errors.js';

export interface NumberBounds {
  /** Whole numbers only. */
  readonly integer?: boolean;
  /** Lowest allowed value (inclusive). */
  readonly min?: number;
  /** Values must be strictly greater than this. */
  readonly above?: number;
  /** Highest allowed value (inclusive). */
  readonly max?: number;
}

function describeBounds({ integer, min, above, max }: NumberBounds): string {
  const kind = integer === true ? 'a whole number' : 'a number';
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  if (above !== undefined && max !== undefined) return `${kind} above ${above} and at most ${max}`;
  if (min !== undefined) return `${kind} of at least ${min}`;
  if (above !== undefined) return `${kind} above ${above}`;
  if (max !== undefined) return `${kind} of at most ${max}`;
  return kind;
}

const within = (value: number, { integer, min, above, max }: NumberBounds): boolean =>
  Number.isFinite(value) &&
  (integer !== true || Number.isInteger(value)) &&
  (min === undefined || value >= min) &&
  (above === undefined || value > above) &&
  (max === undefined || value <= max);

/** A yargs `coerce` function for `--flag`: returns the value, or throws a UserError saying what is allowed. */
export function numberIn(flag: string, bounds: NumberBounds): (value: unknown) => number {
  return (value) => {
    // A repeated flag arrives as an array of its values: the last one wins.
    const last: unknown = Array.isArray(value) ? value.at(-1) : value;
    const number = typeof last === 'number' ? last : typeof last === 'string' && last.trim() !== '' ? Number(last) : Number.NaN;
    if (within(number, bounds)) return number;
    const given = Number.isNaN(number) ? '; the value given is not a number' : `, not ${String(last)}`;
    throw new UserError(`--${flag} must be ${describeBounds(bounds)}${given}`);
  };
}
