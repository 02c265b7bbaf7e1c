/**
 * ClientToken idempotency as EC2 documents it: the same token with the same parameters returns the first
 * response (even once the resource is gone); the same token with other parameters is refused.
 */
import { createHash } from 'node:crypto';
import { invalidParameter, SimulatedError } from './errors.js';
import type { RegionState } from './region-state.js';

const MAX_TOKEN_LENGTH = 64;

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function requestFingerprint(input: Readonly<Record<string, unknown>>): string {
  const { ClientToken: _token, DryRun: _dryRun, ...parameters } = input;
  return createHash('sha256').update(stableJson(parameters)).digest('hex').slice(0, 32);
}

/** The earlier response for this token, or undefined when the token is new. */
export function replay(
  region: RegionState,
  action: string,
  token: string,
  fingerprint: string,
): Record<string, unknown> | undefined {
  if (token.length > MAX_TOKEN_LENGTH) {
    throw invalidParameter(`The client token must be at most ${MAX_TOKEN_LENGTH} characters long`);
  }
  const record = region.clientTokens.get(`${action} ${token}`);
  if (!record) return undefined;
  if (record.request !== fingerprint) {
    throw new SimulatedError(
      'IdempotentParameterMismatch',
      `The client token '${token}' was already used with different parameters for ${action}.`,
    );
  }
  return structuredClone(record.response);
}

export function remember(
  region: RegionState,
  action: string,
  token: string,
  fingerprint: string,
  response: Record<string, unknown>,
): void {
  region.clientTokens.set(`${action} ${token}`, { action, token, request: fingerprint, response: structuredClone(response) });
}
