import { canonicalJson } from './canonical-json.js';
import { sha256Hex } from './hash.js';

/** What a create makes, as far as its ClientToken is concerned. */
export interface CreateContent {
  readonly policyName: string;
  readonly region: string;
  /** The resource's logical key (its `mirrorctl:key` tag). */
  readonly key: string;
  /** The desired definition with every reference resolved to the id the call sends. */
  readonly desired: unknown;
}

const token = (data: string): string => `mc-${sha256Hex(data).slice(0, 61)}`;

/**
 * The EC2 ClientToken for a create, derived from what is created rather than from a plan: two runs (two CI
 * jobs, or a run re-started after kill -9) that decide the same create send the same token, and EC2 answers
 * the second with the first one's resource instead of making a duplicate. EC2 accepts at most 64 ASCII
 * characters: "mc-" plus 61 hex digits.
 */
export function contentToken(content: CreateContent): string {
  return token(`${content.policyName}\0${content.region}\0${content.key}\0${canonicalJson(content.desired)}`);
}

/**
 * The token to use once `previous` turned out to replay `replayedId`, a resource that no longer exists (EC2
 * keeps answering a token with its first response, even after that resource was deleted). It derives from
 * the replayed id, not from a counter or a clock, so concurrent runs that meet the same replay move to the
 * same next token and still make one resource between them.
 */
export function nextGenerationToken(previous: string, replayedId: string): string {
  return token(`${previous}\0${replayedId}`);
}

/**
 * The token of a session create moved to `sessionNumber` because its planned number was taken: it derives
 * from the first token and the number alone, so runs that re-decide alike still send one token.
 */
export function renumberedToken(first: string, sessionNumber: number): string {
  return token(`${first}\0session-number\0${sessionNumber}`);
}
