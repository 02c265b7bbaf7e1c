import { describe, expect, it } from 'vitest';
import { closest, didYouMean, levenshtein } from '../../src/policy/suggest.js';

describe('levenshtein', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['packetLenght', 'packetLength', 2],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['same', 'same', 0],
    ['flaw', 'lawn', 2],
  ] as const)('%s → %s is %i', (a, b, distance) => {
    expect(levenshtein(a, b)).toBe(distance);
    expect(levenshtein(b, a)).toBe(distance);
  });
});

describe('closest', () => {
  const keys = ['target', 'filter', 'packetLength', 'sessionNumber', 'virtualNetworkId'];

  it('finds plausible typos', () => {
    expect(closest('packetLenght', keys)).toBe('packetLength');
    expect(closest('targte', keys)).toBe('target');
    expect(closest('SessionNumber', keys)).toBe('sessionNumber');
    expect(closest('primary-only', ['all', 'primary'])).toBe('primary');
  });

  it('suggests nothing when nothing is close', () => {
    expect(closest('owner', keys)).toBeUndefined();
    expect(closest('x', [])).toBeUndefined();
    expect(didYouMean('dns', ['all-traffic'])).toBeUndefined();
  });

  it('phrases the suggestion', () => {
    expect(didYouMean('fliter', keys)).toBe('did you mean "filter"?');
  });
});
