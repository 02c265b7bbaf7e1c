/** CIDR blocks for filter rules: parsed, checked to be network addresses (as AWS requires), canonicalised. */
import type { Problem } from './ids.js';
import { quote } from './quote.js';

export interface Cidr {
  readonly family: 4 | 6;
  /** Lowercase, shortest form (RFC 5952 for IPv6), so policy and AWS values compare equal. */
  readonly canonical: string;
}

export type CidrResult = { ok: true; cidr: Cidr } | { ok: false; problem: Problem };

const invalid = (message: string, hint?: string): CidrResult => ({
  ok: false,
  problem: hint === undefined ? { code: 'invalid-cidr', message } : { code: 'invalid-cidr', message, hint },
});

export function parseCidr(text: string): CidrResult {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const family = address.includes(':') ? 6 : 4;
  const bits = family === 4 ? 32 : 128;
  const value = family === 4 ? parseIpv4(address) : parseIpv6(address);
  if (value === undefined) {
    return invalid(`${quote(text)} is not a CIDR block: ${quote(address)} is not an IPv${family} address`);
  }
  if (slash < 0) {
    return invalid(`${quote(text)} has no prefix length`, `for a single address write ${address}/${bits}`);
  }
  const prefixText = text.slice(slash + 1);
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!(prefix >= 0 && prefix <= bits)) {
    return invalid(`${quote(text)} has an invalid prefix length ${quote(`/${prefixText}`)}: IPv${family} allows /0 to /${bits}`);
  }
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  const network = value & ~hostMask;
  const format = family === 4 ? formatIpv4 : formatIpv6;
  if (network !== value) {
    const suggestion = `${format(network)}/${prefix}`;
    return {
      ok: false,
      problem: {
        code: 'cidr-host-bits',
        message: `${quote(text)} has host bits set; the network address is ${suggestion}`,
        hint: `write ${suggestion}`,
      },
    };
  }
  return { ok: true, cidr: { family, canonical: `${format(value)}/${prefix}` } };
}

function parseIpv4(text: string): bigint | undefined {
  const octets = text.split('.');
  if (octets.length !== 4) return undefined;
  let value = 0n;
  for (const octet of octets) {
    // Leading zeros are rejected: some parsers read them as octal.
    if (!/^(0|[1-9]\d{0,2})$/.test(octet) || Number(octet) > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string | undefined): number[] | undefined => {
    if (half === undefined || half === '') return [];
    const groups: number[] = [];
    const parts = half.split(':');
    for (const [index, part] of parts.entries()) {
      if (index === parts.length - 1 && part.includes('.')) {
        const ipv4 = parseIpv4(part);
        if (ipv4 === undefined) return undefined;
        groups.push(Number(ipv4 >> 16n), Number(ipv4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
        groups.push(Number.parseInt(part, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };
  const head = groupsOf(halves[0]);
  const tail = groupsOf(halves[1]);
  if (head === undefined || tail === undefined) return undefined;
  const compressed = halves.length === 2;
  const missing = 8 - head.length - tail.length;
  if (compressed ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<number>(missing).fill(0), ...tail];
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/** RFC 5952: lowercase, no leading zeros, the longest run (first on ties) of two or more zero groups as "::". */
function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; ) {
    if (groups[start] !== 0) {
      start++;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
