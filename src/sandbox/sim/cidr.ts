/** CIDR blocks as EC2 accepts them for mirror filter rules: a network address (no host bits) of one family. */
import { isIPv4, isIPv6 } from 'node:net';

export type CidrFamily = 'ipv4' | 'ipv6';

function ipv4Bits(address: string): bigint {
  return address.split('.').reduce((bits, octet) => (bits << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6Bits(address: string): bigint {
  const [head = '', tail] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups];
  return groups.reduce((bits, group) => (bits << 16n) | BigInt(Number.parseInt(group, 16)), 0n);
}

/** The block's family, or undefined when it is not a valid network address. */
export function cidrFamily(cidr: string): CidrFamily | undefined {
  const slash = cidr.indexOf('/');
  if (slash < 0) return undefined;
  const address = cidr.slice(0, slash);
  const lengthText = cidr.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lengthText)) return undefined;
  const prefix = Number(lengthText);
  // Embedded IPv4 notation (::ffff:1.2.3.4) is rare in rules and not worth parsing.
  const family: CidrFamily | undefined = isIPv4(address) ? 'ipv4' : isIPv6(address) && !address.includes('.') ? 'ipv6' : undefined;
  if (family === undefined) return undefined;
  const width = family === 'ipv4' ? 32 : 128;
  if (prefix > width) return undefined;
  const bits = family === 'ipv4' ? ipv4Bits(address) : ipv6Bits(address);
  const hostMask = (1n << BigInt(width - prefix)) - 1n;
  return (bits & hostMask) === 0n ? family : undefined;
}
