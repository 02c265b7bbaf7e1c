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

describe('a plan of the caller’s own account', () => {
  it('plans only the entries whose accounts include it', async () => {
    const { mkdtemp, readFile, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openAccount } = await import('../../src/app/account.js');
    const { buildPlan } = await import('../../src/app/plan.js');
    const dir = await mkdtemp(join(tmpdir(), 'mirrorctl-entry-accounts-'));
    const policyPath = join(dir, 'mirror.config.yaml');
    const text = await readFile('examples/sandbox/mirror.config.yaml', 'utf8');
    // The demo account is 123456789012: the eu-west-1 entries are for another account.
    const edited = text
      .replace('filter: all-traffic }    # prod-eu', 'filter: all-traffic, accounts: ["999999999999"] }    # prod-eu')
      .replace('filter: all-traffic }           # staging-eu', 'filter: all-traffic, accounts: ["999999999999"] }           # staging-eu');
    expect(edited.match(/999999999999/g)).toHaveLength(2);
    await writeFile(policyPath, edited);
    const account = await openAccount({ sandboxPath: 'examples/sandbox/demo-account.yaml' });
    const run = await buildPlan({ configPath: policyPath, account, mode: 'converge' });
    expect(run.policy.vpcs.map((entry) => entry.key)).toEqual(['vpc-0e1a9d0c4b7f20001', 'tags:mirroring=enabled']);
    expect(run.plan.actions.filter((action) => action.region === 'eu-west-1' && action.type === 'session')).toEqual([]);
    const whole = await buildPlan({ configPath: 'examples/sandbox/mirror.config.yaml', account, mode: 'converge' });
    expect(whole.plan.actions.some((action) => action.region === 'eu-west-1' && action.type === 'session')).toBe(true);
  });
});
