/** The policy as one account sees it: its entries and its targets, pinned to it. */
import { describe, expect, it } from 'vitest';
import { policyForAccount, scopePolicyTo } from '../../src/app/accounts/policy-for-account.js';
import type { Policy } from '../../src/core/types/policy.js';
import { loadPolicyFromString } from '../../src/policy/load.js';

const A = '111111111111';
const B = '222222222222';
const NLB = `arn:aws:elasticloadbalancing:us-east-1:${B}:loadbalancer/net/sensors/0123456789abcdef`;

function policy(accounts: string, vpcs: string): Policy {
  const text = `version: 1
name: p
regions: [us-east-1]
${accounts}
targets:
  shared: { trafficMirrorTargetId: tmt-0123456789abcdef0 }
  nlb: { networkLoadBalancerArn: "${NLB}" }
  eni: { networkInterfaceId: eni-0123456789abcdef0, account: "${A}" }
filters:
  all: { ingress: [{ number: 1, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }] }
vpcs:
${vpcs}`;
  const { policy: loaded, diagnostics } = loadPolicyFromString(text, 'p.yaml');
  if (loaded === undefined) throw new Error(diagnostics.map((d) => d.message).join('; '));
  return loaded;
}

const REACHED = `accounts: { ids: ["${A}", "${B}"], roleName: member }`;

describe('the policy of one account', () => {
  it('keeps the entries of that account and the targets in it, pinned to it', () => {
    const all = policy(
      REACHED,
      `  - { name: everywhere, tags: { a: b }, target: shared, filter: all }\n` +
        `  - { name: only-b, tags: { a: b }, target: nlb, filter: all, accounts: ["${B}"] }\n` +
        `  - { name: only-a, tags: { a: b }, target: eni, filter: all, accounts: ["${A}"] }\n`,
    );
    const inA = policyForAccount(all, A);
    expect(inA.vpcs.map((entry) => entry.key)).toEqual(['everywhere', 'only-a']);
    expect(Object.keys(inA.targets)).toEqual(['shared', 'eni']);
    expect(inA.accounts).toEqual([A]);
    const inB = policyForAccount(all, B);
    expect(inB.vpcs.map((entry) => entry.key)).toEqual(['everywhere', 'only-b']);
    expect(Object.keys(inB.targets)).toEqual(['shared', 'nlb']);
  });

  it('fails the account whose entry sends to a target of another account, naming both', () => {
    const all = policy('accounts: { organization: {}, roleName: member }', '  - { name: web, tags: { a: b }, target: nlb, filter: all }\n');
    expect(() => scopePolicyTo(all, A)).toThrow(`In account ${A}, vpcs entry web sends to target nlb, which is in account ${B}`);
  });

  it('leaves a policy that names no accounts as it is', () => {
    const plain = policy('', '  - { name: web, tags: { a: b }, target: nlb, filter: all }\n');
    expect(scopePolicyTo(plain, A)).toBe(plain);
  });

  it('filters entries by account for a policy pinned with the list form too', () => {
    const pinned = policy(`accounts: ["${A}", "${B}"]`, `  - { name: web, tags: { a: b }, target: shared, filter: all, accounts: ["${B}"] }\n`);
    expect(scopePolicyTo(pinned, A).vpcs).toEqual([]);
    expect(scopePolicyTo(pinned, B).vpcs).toHaveLength(1);
  });
});
