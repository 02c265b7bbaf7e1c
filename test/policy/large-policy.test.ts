/** Scale: thousands of entries load, and thousands of problems are all located. Speed is measured elsewhere. */
import { describe, expect, it } from 'vitest';
import { loadPolicyFromString } from '../../src/policy/load.js';

const ENTRIES = 5_000;
const hex17 = (n: number) => n.toString(16).padStart(17, '0');

function generatePolicy(entries: number, target = 'sensor'): string {
  const lines = [
    'version: 1',
    'name: large',
    'regions: [us-east-1, us-west-2]',
    'targets:',
    '  sensor: { networkInterfaceId: eni-0a1b2c3d4e5f60718 }',
    'filters:',
    '  all:',
    '    ingress: [{ number: 100, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }]',
    '    egress: [{ number: 100, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }]',
    'vpcs:',
  ];
  for (let i = 0; i < entries; i++) {
    lines.push(`  - id: vpc-${hex17(i)}`, `    target: ${target}`, '    filter: all', `    sessionNumber: ${(i % 3) + 1}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('a policy with 5,000 vpcs entries', () => {
  it('validates and yields 5,000 entries with distinct keys', () => {
    const result = loadPolicyFromString(generatePolicy(ENTRIES), 'large.yaml');
    expect(result.diagnostics).toEqual([]);
    expect(result.policy?.vpcs).toHaveLength(ENTRIES);
    expect(new Set(result.policy?.vpcs.map((entry) => entry.key)).size).toBe(ENTRIES);
  });

  it('locates every one of 5,000 errors on its own line', () => {
    const result = loadPolicyFromString(generatePolicy(ENTRIES, 'sensr'), 'large.yaml');
    expect(result.diagnostics).toHaveLength(ENTRIES);
    expect(result.diagnostics.every((d) => d.code === 'undefined-target')).toBe(true);
    expect(result.diagnostics.map((d) => d.range?.start.line)).toEqual(Array.from({ length: ENTRIES }, (_, i) => 12 + 4 * i));
  });
});
