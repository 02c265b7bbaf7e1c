import { sha256Hex } from './hash.js';

/**
 * The EC2 ClientToken for one action of one saved plan: deterministic, so a create retried after a lost
 * response, or re-run from the same plan file, is recognised by AWS instead of creating a duplicate.
 * EC2 accepts at most 64 ASCII characters: "mc-" plus 61 hex digits.
 */
export function planToken(planId: string, actionId: string): string {
  return `mc-${sha256Hex(`${planId}\0${actionId}`).slice(0, 61)}`;
}
