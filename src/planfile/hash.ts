import { createHash } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The first `length` base64url characters of a SHA-256: 6 bits each, for compact per-record hashes. */
export function shortHash(data: string, length: number): string {
  return createHash('sha256').update(data).digest('base64url').slice(0, length);
}
