/** Deterministic identifiers: the same inputs give the same AWS-looking ids on every run. */
import { createHash } from 'node:crypto';

export function hashHex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

/** e.g. `tms-0a1b2c3d4e5f67890` (prefix + 17 hex, like current AWS ids). */
export const awsId = (prefix: string, seed: string): string => `${prefix}-${hashHex(seed, 17)}`;

/** AWS assigns a random 24-bit VNI when none is given; ours is derived from the session id. */
export const defaultVirtualNetworkId = (sessionId: string): number =>
  Number.parseInt(hashHex(`vni/${sessionId}`, 6), 16);
