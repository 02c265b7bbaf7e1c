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

const reached = (accounts: string, rest = '') =>
  `version: 1\nname: prod ndr/1\nregions: [us-east-1]\naccounts:\n${accounts}\n${rest}`;

function loadReached(accounts: string, rest = '') {
  const result = loadPolicyFromString(reached(accounts, rest), 'inline.yaml');
  return { policy: result.policy, errors: result.diagnostics.filter((d) => d.severity === 'error') };
}

const TARGETS = `targets:
  central: { trafficMirrorTargetId: tmt-0123456789abcdef0 }
  sensors: { networkLoadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:222222222222:loadbalancer/net/sensors/0123456789abcdef" }
filters:
  all: { ingress: [{ number: 100, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }] }
`;

describe('accounts: the accounts mirrorctl reaches through a role', () => {
  it('reads ids, an organization, the role and its external id, and names the session after the policy', () => {
    const { policy, errors } = loadReached(
      '  ids: ["111111111111"]\n  organization: { organizationalUnits: [ou-ab12-cd34ef56, r-ab12], exclude: ["333333333333"] }\n' +
        '  roleName: mirrorctl-member\n  externalId: org-1',
    );
    expect(errors).toEqual([]);
    expect(policy?.memberAccounts).toEqual({
      ids: ['111111111111'],
      organization: { organizationalUnits: ['ou-ab12-cd34ef56', 'r-ab12'], exclude: ['333333333333'] },
      roleName: 'mirrorctl-member',
      externalId: 'org-1',
      sessionName: 'mirrorctl-prod-ndr-1',
    });
    // An organization is resolved when mirrorctl runs: the policy alone pins nothing.
    expect(policy).not.toHaveProperty('accounts');
  });

  it('pins runs with the caller’s own credentials to its ids when it names no organization', () => {
    const { policy } = loadReached('  ids: ["111111111111", "222222222222"]\n  roleName: member\n  sessionName: ci-run');
    expect(policy?.accounts).toEqual(['111111111111', '222222222222']);
    expect(policy?.memberAccounts).toMatchObject({ sessionName: 'ci-run' });
    expect(loadReached('  organization: {}\n  roleName: member').policy?.memberAccounts?.organization).toEqual({ exclude: [] });
  });

  it('needs a role and at least one account, and says so where', () => {
    expect(loadReached('  ids: ["111111111111"]').errors).toEqual([
      expect.objectContaining({ code: 'missing-key', message: expect.stringContaining('"roleName"') }),
    ]);
    expect(loadReached('  roleName: member').errors.map((e) => e.code)).toEqual(['no-accounts']);
    const typo = loadReached('  ids: ["111111111111"]\n  rolename: member\n  roleName: member').errors;
    expect(typo).toEqual([expect.objectContaining({ code: 'unknown-key', hint: expect.stringContaining('roleName') })]);
  });

  it('refuses malformed units, roles and external ids, and an account both listed and excluded', () => {
    const codes = (accounts: string) => loadReached(accounts).errors.map((e) => e.code);
    expect(codes('  organization: { organizationalUnits: [ou-12] }\n  roleName: member')).toEqual(['invalid-organizational-unit']);
    expect(codes('  ids: ["111111111111"]\n  roleName: "a role"')).toEqual(['invalid-role-name']);
    expect(codes('  ids: ["111111111111"]\n  roleName: member\n  externalId: x')).toEqual(['invalid-external-id']);
    expect(codes('  ids: ["111111111111"]\n  organization: { exclude: ["111111111111"] }\n  roleName: member')).toEqual([
      'account-excluded-and-listed',
    ]);
  });
});

describe('accounts of entries and targets', () => {
  const IDS = '  ids: ["111111111111", "222222222222"]\n  roleName: member';

  it('restricts an entry to some of the accounts, and a target to one', () => {
    const { policy, errors } = loadReached(
      IDS,
      `${TARGETS.replace('filters:', '  sensor: { networkInterfaceId: eni-0123456789abcdef0, account: 111111111111 }\nfilters:')}vpcs:\n` +
        '  - { tags: { mirroring: enabled }, target: central, filter: all, accounts: ["111111111111", 222222222222] }\n' +
        '  - { tags: { tier: sensor-fed }, target: sensor, filter: all, accounts: ["111111111111"] }\n',
    );
    expect(errors).toEqual([]);
    expect(policy?.vpcs[0]?.accounts).toEqual(['111111111111', '222222222222']);
    expect(policy?.targets['sensor']?.account).toBe('111111111111');
  });

  it('refuses an account the policy does not list, at the entry', () => {
    const { errors } = loadReached(IDS, `${TARGETS}vpcs:\n  - { tags: { a: b }, target: central, filter: all, accounts: ["999999999999"] }\n`);
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'account-not-in-policy',
        message: "account 999999999999 is not one of the policy's accounts (111111111111, 222222222222)",
        range: expect.objectContaining({ start: expect.objectContaining({ line: 13, column: 64 }) }),
      }),
    ]);
  });

  it('refuses an entry of several accounts sending to one account’s load balancer, and says to share a target', () => {
    const { errors } = loadReached(IDS, `${TARGETS}vpcs:\n  - { tags: { a: b }, target: sensors, filter: all }\n`);
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'target-in-another-account',
        message: expect.stringContaining('target "sensors" is in account 222222222222, but this entry also applies to 111111111111'),
        hint: expect.stringContaining('trafficMirrorTargetId'),
      }),
    ]);
    expect(loadReached(IDS, `${TARGETS}vpcs:\n  - { tags: { a: b }, target: sensors, filter: all, accounts: ["222222222222"] }\n`).errors).toEqual([]);
  });

  it('refuses a target account that contradicts its load balancer ARN', () => {
    const { errors } = loadReached(IDS, TARGETS.replace('sensors: {', 'sensors: { account: "111111111111",'));
    expect(errors.map((e) => e.code)).toEqual(['target-account-mismatch']);
  });
});
