/** The role of each account: assumed once for all its clients, and again shortly before it expires. */
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { openAccount } from '../../src/app/account.js';
import { applyAccounts } from '../../src/app/accounts/apply-accounts.js';
import { openMemberAccount } from '../../src/app/accounts/member.js';
import { REFRESH_BEFORE_EXPIRY_MS } from '../../src/aws/assume-role.js';
import { REGION } from '../sandbox/fixture.js';
import { EXTERNAL_ID, MANAGEMENT, ROLE, WORKLOAD_A } from '../sandbox/organization-fixture.js';
import { organization } from './accounts-helpers.js';

const members = { ids: [WORKLOAD_A], roleName: ROLE, externalId: EXTERNAL_ID, sessionName: 'mirrorctl-test' };
const callerArn = `arn:aws:iam::${MANAGEMENT}:user/sandbox`;

describe('the credentials of an account reached through its role', () => {
  it('come from one AssumeRole per account for a whole plan and apply', async () => {
    const org = await organization();
    const caller = await org.open();
    const run = await org.plan({}, caller);
    await applyAccounts({ accounts: run.planned, planId: 'test' });
    // Three accounts, dozens of calls in each: three AssumeRole calls.
    expect(caller.sandbox.instance.callsOf(MANAGEMENT).byAction['AssumeRole']).toBe(3);
    expect(caller.sandbox.instance.callsOf(WORKLOAD_A).total()).toBeGreaterThan(10);
  });

  it('are assumed again within five minutes of expiry, and keep working past the first hour', async () => {
    const org = await organization();
    let now = 1_000_000;
    const caller = await openAccount({ sandboxPath: org.sandboxPath, simulator: { now: () => now } });
    const member = openMemberAccount(caller, {}, { accountId: WORKLOAD_A, members, region: REGION, callerArn, now: () => now });
    const assumed = () => caller.sandbox?.instance.callsOf(MANAGEMENT).byAction['AssumeRole'] ?? 0;
    const describe = () => member.account.readers.ec2(REGION).send(new DescribeInstancesCommand({}));
    await member.assume();
    await describe();
    expect(assumed()).toBe(1);
    now += 3_600_000 - REFRESH_BEFORE_EXPIRY_MS - 1_000;
    await describe();
    expect(assumed()).toBe(1);
    now += 2_000;
    await describe();
    expect(assumed()).toBe(2);
    // Two hours in: the first session expired long ago, the calls still go through.
    now += 3_600_000;
    await expect(describe()).resolves.toBeDefined();
    expect(assumed()).toBe(3);
    expect(caller.sandbox?.instance.callsOf(WORKLOAD_A).expired).toBe(0);
  });
});
