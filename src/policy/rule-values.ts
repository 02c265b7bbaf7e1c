/** Protocols and port ranges of filter rules, as written in the policy and as AWS takes them. */
import type { PortRange } from '../core/types/policy.js';
import type { Problem } from './ids.js';
import { quote } from './quote.js';

/** `all` means "every protocol", which AWS expresses by omitting the protocol. */
export const PROTOCOL_NUMBERS = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, all: undefined } as const;
export type ProtocolName = keyof typeof PROTOCOL_NUMBERS;
export const PROTOCOL_NAMES = Object.keys(PROTOCOL_NUMBERS) as ProtocolName[];

export const TCP = 6;
export const UDP = 17;

export function protocolNumber(value: number | ProtocolName): number | undefined {
  return typeof value === 'number' ? value : PROTOCOL_NUMBERS[value];
}

export function checkProtocolNumber(value: number): Problem | undefined {
  if (value >= 0 && value <= 255) return undefined;
  return {
    code: 'invalid-protocol',
    message: `protocol ${value} is not an IANA protocol number (0 to 255)`,
    hint: `use a name (${PROTOCOL_NAMES.join(', ')}) or a number from 0 to 255`,
  };
}

export type PortSpec = number | string | { readonly from: number; readonly to: number };

export function parsePorts(spec: PortSpec): { ok: true; range: PortRange } | { ok: false; problem: Problem } {
  const fail = (code: string, message: string, hint?: string) => ({
    ok: false as const,
    problem: hint === undefined ? { code, message } : { code, message, hint },
  });
  let from: number;
  let to: number;
  if (typeof spec === 'number') {
    from = to = spec;
  } else if (typeof spec === 'string') {
    const match = /^\s*(\d{1,6})\s*(?:-\s*(\d{1,6})\s*)?$/.exec(spec);
    if (match === null) {
      return fail('invalid-ports', `${quote(spec)} is not a port or port range`, 'write 443, "1024-65535" or { from: 1024, to: 65535 }');
    }
    from = Number(match[1]);
    to = match[2] === undefined ? from : Number(match[2]);
  } else {
    ({ from, to } = spec);
  }
  for (const port of [from, to]) {
    if (port < 0 || port > 65535) return fail('invalid-ports', `port ${port} is outside 0 to 65535`);
  }
  if (from > to) {
    return fail('invalid-ports', `port range ${from}-${to} is reversed`, `write ${to}-${from}`);
  }
  return { ok: true, range: { from, to } };
}
