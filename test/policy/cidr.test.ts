import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../src/policy/cidr.js';

const ok = (text: string) => {
  const result = parseCidr(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.problem.message}`);
  return result.cidr;
};
const problem = (text: string) => {
  const result = parseCidr(text);
  if (result.ok) throw new Error(`expected ${text} to be rejected`);
  return result.problem;
};

describe('parseCidr', () => {
  it.each([
    ['0.0.0.0/0', 4, '0.0.0.0/0'],
    ['10.0.0.0/8', 4, '10.0.0.0/8'],
    ['192.168.1.128/25', 4, '192.168.1.128/25'],
    ['10.0.0.7/32', 4, '10.0.0.7/32'],
    ['::/0', 6, '::/0'],
    ['2001:0DB8:0000::/32', 6, '2001:db8::/32'],
    ['2001:db8:0:0:1:0:0:0/80', 6, '2001:db8:0:0:1::/80'],
    ['fe80:0:0:0:0:0:0:1/128', 6, 'fe80::1/128'],
    ['::ffff:10.0.0.0/104', 6, '::ffff:a00:0/104'],
    ['1:0:0:2:0:0:0:0/128', 6, '1:0:0:2::/128'],
  ] as const)('accepts %s as IPv%s, canonically %s', (text, family, canonical) => {
    expect(ok(text)).toEqual({ family, canonical });
  });

  it.each(['10.0.0.0', '2001:db8::'])('asks for a prefix length on %s', (text) => {
    expect(problem(text)).toMatchObject({ code: 'invalid-cidr', message: `"${text}" has no prefix length` });
  });

  it.each(['10.0.0.0/33', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/8a', '::/129'])('rejects the prefix of %s', (text) => {
    expect(problem(text).message).toMatch(/invalid prefix length/);
  });

  it.each(['10.0.0/8', '10.0.0.256/32', '010.0.0.0/8', 'a.b.c.d/8', '1::2::3/64', '12345::/16', '1:2:3:4:5:6:7:8:9/128', ':::/0', ''])(
    'rejects the malformed address %j',
    (text) => {
      expect(problem(text).code).toBe('invalid-cidr');
    },
  );

  it('names the network address when host bits are set', () => {
    expect(problem('10.1.2.3/16')).toEqual({
      code: 'cidr-host-bits',
      message: '"10.1.2.3/16" has host bits set; the network address is 10.1.0.0/16',
      hint: 'write 10.1.0.0/16',
    });
    expect(problem('2001:db8::1/64').message).toContain('the network address is 2001:db8::/64');
  });

  it('accepts an IPv4 block exactly when its host bits are zero, and suggests the masked address', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), (address, prefix) => {
        const text = `${[24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff).join('.')}/${prefix}`;
        const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
        const network = (address & mask) >>> 0;
        const result = parseCidr(text);
        if (network === address) return result.ok && result.cidr.canonical === text;
        const expected = `${[24, 16, 8, 0].map((shift) => (network >>> shift) & 0xff).join('.')}/${prefix}`;
        return !result.ok && result.problem.hint === `write ${expected}`;
      }),
    );
  });

  it('canonical IPv6 output parses back to itself', () => {
    const group = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
    fc.assert(
      fc.property(fc.array(fc.oneof(group, fc.constant('0')), { minLength: 8, maxLength: 8 }), (groups) => {
        const canonical = ok(`${groups.join(':')}/128`).canonical;
        return ok(canonical).canonical === canonical && !/(^|:)0[0-9a-f]/.test(canonical);
      }),
    );
  });
});
