import { describe, expect, it } from 'vitest';
import { contentToken, nextGenerationToken, renumberedToken } from '../../src/planfile/tokens.js';

const content = { policyName: 'prod', region: 'eu-west-1', key: 'session/a/eni-1', desired: { sessionNumber: 1, target: 'tmt-1' } };

describe('contentToken', () => {
  it('is the same for the same create, whatever the order the attributes were built in', () => {
    expect(contentToken(content)).toBe(contentToken({ ...content, desired: { target: 'tmt-1', sessionNumber: 1 } }));
  });

  it('differs with the policy, the region, the key and any attribute', () => {
    const tokens = new Set([
      contentToken(content),
      contentToken({ ...content, policyName: 'staging' }),
      contentToken({ ...content, region: 'us-east-1' }),
      contentToken({ ...content, key: 'session/a/eni-2' }),
      contentToken({ ...content, desired: { sessionNumber: 2, target: 'tmt-1' } }),
    ]);
    expect(tokens.size).toBe(5);
  });

  it('separates its parts, so shifting a character between them changes the token', () => {
    expect(contentToken({ ...content, policyName: 'ab', region: 'c' })).not.toBe(
      contentToken({ ...content, policyName: 'a', region: 'bc' }),
    );
  });

  it('fits EC2 ClientToken rules: 64 ASCII characters at most, prefixed mc-', () => {
    const token = contentToken({ ...content, key: 'session/'.padEnd(500, 'x') });
    expect(token).toMatch(/^mc-[0-9a-f]{61}$/);
    expect(nextGenerationToken(token, 'tms-0123456789abcdef0')).toMatch(/^mc-[0-9a-f]{61}$/);
    expect(renumberedToken(token, 32766)).toMatch(/^mc-[0-9a-f]{61}$/);
  });

  it('moves to a next generation that depends only on the token and the replayed id', () => {
    const token = contentToken(content);
    expect(nextGenerationToken(token, 'tms-1')).toBe(nextGenerationToken(token, 'tms-1'));
    expect(new Set([token, nextGenerationToken(token, 'tms-1'), nextGenerationToken(token, 'tms-2')]).size).toBe(3);
  });
});
