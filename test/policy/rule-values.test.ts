import { describe, expect, it } from 'vitest';
import { checkProtocolNumber, parsePorts, protocolNumber } from '../../src/policy/rule-values.js';

describe('parsePorts', () => {
  it.each([
    [443, { from: 443, to: 443 }],
    [0, { from: 0, to: 0 }],
    ['1024-65535', { from: 1024, to: 65535 }],
    [' 80 - 90 ', { from: 80, to: 90 }],
    ['8080', { from: 8080, to: 8080 }],
    [{ from: 10, to: 20 }, { from: 10, to: 20 }],
  ] as const)('reads %j as %j', (spec, range) => {
    expect(parsePorts(spec)).toEqual({ ok: true, range });
  });

  it.each([65536, '1-70000', { from: -1, to: 5 }])('rejects %j as outside 0 to 65535', (spec) => {
    const result = parsePorts(spec);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.message).toMatch(/outside 0 to 65535/);
  });

  it('rejects a reversed range and says how to write it', () => {
    expect(parsePorts('2000-1000')).toEqual({
      ok: false,
      problem: { code: 'invalid-ports', message: 'port range 2000-1000 is reversed', hint: 'write 1000-2000' },
    });
  });

  it.each(['https', '80,443', '1-2-3', ''])('rejects %j as not a port', (spec) => {
    const result = parsePorts(spec);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.message).toContain('is not a port or port range');
  });
});

describe('protocols', () => {
  it('maps names to IANA numbers, and "all" to no protocol', () => {
    expect([protocolNumber('tcp'), protocolNumber('udp'), protocolNumber('icmp'), protocolNumber('icmpv6')]).toEqual([6, 17, 1, 58]);
    expect(protocolNumber('all')).toBeUndefined();
    expect(protocolNumber(47)).toBe(47);
  });

  it('accepts numbers 0 to 255 only', () => {
    expect(checkProtocolNumber(0)).toBeUndefined();
    expect(checkProtocolNumber(255)).toBeUndefined();
    expect(checkProtocolNumber(256)?.code).toBe('invalid-protocol');
    expect(checkProtocolNumber(-1)?.code).toBe('invalid-protocol');
  });
});
