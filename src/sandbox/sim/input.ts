/** Reading request parameters the way EC2 validates them (the SDK itself does not check required members). */
import { invalidParameter, missingParameter } from './errors.js';

export function requireString(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

export function requireInteger(value: number | undefined, name: string): number {
  if (value === undefined) throw missingParameter(name);
  return value;
}

/** Undefined passes; anything else must be an integer in [min, max]. */
export function checkRange(value: number | undefined, name: string, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidParameter(`The value '${value}' for ${name} is not valid. It must be between ${min} and ${max}.`);
  }
}

export function oneOf<T extends string>(value: string | undefined, name: string, allowed: readonly T[]): T {
  const required = requireString(value, name);
  if (!(allowed as readonly string[]).includes(required)) {
    throw invalidParameter(`The value '${required}' for ${name} is not valid. Valid values: ${allowed.join(', ')}.`);
  }
  return required as T;
}
