import { describe, expect, it } from 'vitest';
import { planToken } from '../../src/planfile/tokens.js';

describe('planToken', () => {
  it('is the same for the same plan and action', () => {
    expect(planToken('plan-1', 'us-east-1/session/a/eni-1')).toBe(planToken('plan-1', 'us-east-1/session/a/eni-1'));
  });

  it('differs between actions and between plans', () => {
    const tokens = new Set([
      planToken('plan-1', 'us-east-1/session/a/eni-1'),
      planToken('plan-1', 'us-east-1/session/a/eni-2'),
      planToken('plan-2', 'us-east-1/session/a/eni-1'),
    ]);
    expect(tokens.size).toBe(3);
  });

  it('separates plan id and action id, so shifting a character between them changes the token', () => {
    expect(planToken('ab', 'c')).not.toBe(planToken('a', 'bc'));
  });

  it('fits EC2 ClientToken rules: 64 ASCII characters at most, prefixed mc-', () => {
    const token = planToken('1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed', 'eu-west-1/'.padEnd(500, 'x'));
    expect(token).toMatch(/^mc-[0-9a-f]{61}$/);
    expect(token.length).toBe(64);
  });

  it('is sha256(planId NUL actionId), so other tools can recompute it', () => {
    // sha256("p\0a"), computed independently with `printf 'p\0a' | sha256sum`.
    expect(planToken('p', 'a')).toBe('mc-a11efd2502f9ff344cb3b2fc6d7d5145f5c877dd22aa7b7c359824fbd3cb2');
  });
});
