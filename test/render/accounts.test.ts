/** Reports of a plan over accounts: the table first, each account's own report, and one PR comment for 200 accounts. */
import { describe, expect, it } from 'vitest';
import type { AccountPlanEntry, AccountsPlan } from '../../src/core/types/accounts-plan.js';
import { renderAccountsJson, renderAccountsMarkdown, renderAccountsText } from '../../src/render/accounts/index.js';
import { GITHUB_COMMENT_LIMIT } from '../../src/render/markdown-cap.js';
import { renderPlanMarkdown } from '../../src/render/markdown.js';
import { createSession, deleteSession, planOf } from './fixtures.js';

const accountId = (n: number): string => String(200_000_000_000 + n);

function planned(n: number, sessions: number): AccountPlanEntry {
  const actions = [
    ...Array.from({ length: sessions }, (_, index) => createSession(`eni-${n.toString(16).padStart(5, '0')}${index.toString(16).padStart(12, '0')}`)),
    deleteSession(`eni-${n.toString(16).padStart(5, '0')}dead00000000`, 'the interface is no longer selected by any vpcs entry'),
  ];
  return {
    accountId: accountId(n),
    roleArn: `arn:aws:iam::${accountId(n)}:role/mirrorctl-member`,
    status: 'planned',
    plan: planOf(actions, { account: { id: accountId(n), alias: `workload-${n}`, callerArn: `arn:aws:sts::${accountId(n)}:assumed-role/mirrorctl-member/mirrorctl-prod` } }),
  };
}

function organization(accounts: readonly AccountPlanEntry[]): AccountsPlan {
  return {
    formatVersion: 1,
    policyName: 'prod',
    mode: 'converge',
    regions: ['us-east-1'],
    callerArn: 'arn:aws:iam::100000000001:user/ci',
    accounts,
    left: [{ accountId: '999999999999', reason: 'SUSPENDED in the organization' }],
    warnings: [],
  };
}

const failed: AccountPlanEntry = {
  accountId: accountId(0),
  roleArn: `arn:aws:iam::${accountId(0)}:role/mirrorctl-member`,
  status: 'failed',
  error: { message: `Cannot assume role arn:aws:iam::${accountId(0)}:role/mirrorctl-member: AccessDenied.`, hint: 'check the trust policy' },
};

describe('the Markdown of a plan over accounts', () => {
  it('puts every account in the table and each account’s own report in its details', () => {
    const plan = organization([failed, planned(1, 2), planned(2, 0)]);
    const markdown = renderAccountsMarkdown(plan);
    expect(markdown).toMatch(/^### mirrorctl plan `prod` over 3 accounts: 2 to add, 0 to change, 2 to destroy in 2 of 3 accounts\n/);
    expect(markdown).toContain('> 1 account could not be planned: nothing is planned there.');
    expect(markdown).toContain('| `200000000001` | workload-1 | `us-east-1` | 2 | 0 | 1 | +$10.95 | changes |');
    expect(markdown).toContain('| `200000000000` |  |  |  |  |  |  | **failed** |');
    expect(markdown).toContain('Not planned: `999999999999` (SUSPENDED in the organization).');
    const one = planned(1, 2);
    if (one.status !== 'planned') throw new Error('planned');
    expect(markdown).toContain(renderPlanMarkdown(one.plan).trimEnd());
    expect(markdown).toContain('<details><summary>Account `200000000000`: **not planned**</summary>');
  });

  it('fits one GitHub comment for 200 accounts with changes, and says which accounts’ details it left out', () => {
    const accounts = Array.from({ length: 200 }, (_, index) => planned(index + 1, 40));
    const markdown = renderAccountsMarkdown(organization(accounts));
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    // Every account is still in the table, with its counts.
    for (const account of accounts) expect(markdown).toContain(`| \`${account.accountId}\` | workload-`);
    expect(markdown).toContain('Total cost: +$85,410.00/month.');
    const shown = markdown.match(/<details><summary>Account /g)?.length ?? 0;
    expect(shown).toBeGreaterThan(5);
    expect(markdown).toContain(`the details of ${200 - shown} accounts are left out (the table above still counts them)`);
    expect(markdown).toContain('`mirrorctl plan --account ID`');
  });

  it('folds the accounts without changes into one row when the table would crowd the comment', () => {
    const accounts = [...Array.from({ length: 600 }, (_, index) => planned(index + 1, 0)), planned(601, 3)].map((entry) =>
      entry.status === 'planned' && entry.accountId !== accountId(601) ? { ...entry, plan: planOf([]) } : entry,
    );
    const markdown = renderAccountsMarkdown(organization(accounts));
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(markdown).toContain('| *600 accounts* |  |  | 0 | 0 | 0 | ±$0.00 | no changes |');
    expect(markdown).toContain(`| \`${accountId(601)}\` | workload-601 |`);
    expect(markdown).toContain('Without changes: `200000000001`, ');
  });
});

describe('the text and JSON of a plan over accounts', () => {
  it('shows the table, the accounts with changes under their heading, and counts the quiet ones', () => {
    const text = renderAccountsText(organization([failed, planned(1, 1), { ...planned(2, 0), plan: planOf([]) } as AccountPlanEntry]), {
      color: false,
      verbose: false,
    });
    expect(text.split('\n').slice(0, 8)).toEqual([
      'mirrorctl plan for policy "prod" in 3 accounts (us-east-1)',
      'as arn:aws:iam::100000000001:user/ci',
      '',
      'Account       Name        Regions    Add  Change  Destroy  Monthly',
      '200000000000              FAILED',
      '200000000001  workload-1  us-east-1    1       0        1   ±$0.00',
      '200000000002              us-east-1    0       0        0   ±$0.00',
      'Total                                  1       0        1   ±$0.00',
    ]);
    expect(text).toContain('== Account 200000000001 (workload-1) ==\nmirrorctl plan for policy "prod" in us-east-1');
    expect(text).toContain('(1 account has no changes and no warnings; --verbose shows them too.)');
    expect(text).toContain('Not planned: Cannot assume role');
    expect(text).toContain('1 account could not be planned: nothing is planned there.');
  });

  it('gives each account its own plan document', () => {
    const document = JSON.parse(renderAccountsJson(organization([failed, planned(1, 2)]))) as {
      summary: Record<string, number>;
      accounts: { id: string; status: string; plan?: { summary: unknown }; error?: unknown }[];
    };
    expect(document.summary).toEqual({ accounts: 2, failed: 1, withChanges: 1, create: 2, update: 0, delete: 1, replace: 0, monthlyDelta: 10.95 });
    expect(document.accounts[0]).toMatchObject({ id: accountId(0), status: 'failed', error: { hint: 'check the trust policy' } });
    expect(document.accounts[1]?.plan?.summary).toEqual({ create: 2, update: 0, delete: 1, replace: 0, adopt: 0 });
  });
});
