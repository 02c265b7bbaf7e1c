/** Strict UTF-8 decoding for the user's files: a byte that is not UTF-8 is located, never replaced silently. */
import { positionIn, type Position } from './diagnostic.js';

export type Decoded = { readonly text: string } | { readonly invalidAt: Position; readonly lenient: string };

export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    return { invalidAt: positionIn(lenient, Math.max(lenient.indexOf('\uFFFD'), 0)), lenient };
  }
}
