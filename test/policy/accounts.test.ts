import { describe, expect, it } from 'vitest';
import { loadPolicyFromString } from '../../src/policy/load.js';

const policy = (accounts: string) => `version: 1\nname: test\nregions: [us-east-1]\naccounts: ${accounts}\n`;

function load(accounts: string) {
  const result = loadPolicyFromString(policy(accounts), 'inline.yaml');
  return { policy: result.policy, errors: result.diagnostics.filter((d) => d.severity === 'error') };
}

describe('accounts: the accounts a policy may be planned in', () => {
  it('keeps quoted ids and 12-digit numbers as 12-digit text', () => {
    expect(load('["012345678901", 123456789012]').policy?.accounts).toEqual(['012345678901', '123456789012']);
  });

  it('leaves the policy unpinned when absent', () => {
    const result = loadPolicyFromString('version: 1\nname: test\nregions: [us-east-1]\n', 'inline.yaml');
    expect(result.policy).toBeDefined();
    expect(result.policy).not.toHaveProperty('accounts');
  });

  it('says to quote a number that lost its leading zeros, at its line and column', () => {
    const { policy: loaded, errors } = load('[012345678901]');
    expect(loaded).toBeUndefined();
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'account-id-lost-zeros',
        message: expect.stringContaining('an unquoted number loses its leading zeros'),
        hint: 'quote the account id, e.g. "012345678901"',
        range: expect.objectContaining({ start: expect.objectContaining({ line: 4, column: 12 }) }),
      }),
    ]);
  });

  it('refuses ids that are not 12 digits, an empty list and duplicates', () => {
    expect(load('["12345"]').errors.map((e) => e.code)).toEqual(['invalid-account-id']);
    expect(load('[1234567890123]').errors.map((e) => e.code)).toEqual(['invalid-account-id']);
    expect(load('[]').errors.map((e) => e.code)).toEqual(['no-accounts']);
    expect(load('["123456789012", 123456789012]').errors.map((e) => e.code)).toEqual(['duplicate-account']);
  });
});
