/**
 * A StackSet puts the healer in every account of the policy's units, also in one the policy excludes (an
 * account filter is only as good as the last deployment): there, the healer identifies its account, refuses,
 * and reads or changes nothing else.
 */
import { describe, expect, it } from 'vitest';
import { parseEvent, type HealItem } from '../../src/events/index.js';
import type { HealMessage } from '../../src/app/heal/index.js';
import { ACCOUNT, POLICY_YAML, REGION, instance, world } from './helpers.js';

const organization = (exclude: string) =>
  POLICY_YAML.replace(
    `regions: [${REGION}]\n`,
    `regions: [${REGION}]\naccounts:\n  organization: { organizationalUnits: [ou-ab12-workload], exclude: ["${exclude}"] }\n  roleName: mirrorctl-member\n`,
  );

const reconcile: HealItem = { id: 'item-0', event: parseEvent({ mirrorctl: 'reconcile', region: REGION }) };

describe('a healer in an account the policy excludes', () => {
  it('refuses after naming its account, and reads or changes nothing else', async () => {
    const excluded = world([instance(1), instance(2)], { policy: organization(ACCOUNT) });
    const messages: HealMessage[] = [];
    await expect(excluded.healer().heal([reconcile], { emit: (message) => messages.push(message) })).rejects.toThrow(
      `The credentials are for AWS account ${ACCOUNT}`,
    );
    expect(messages).toContainEqual(expect.objectContaining({ type: 'setup-failed', message: expect.stringContaining('accounts.organization.exclude') }));
    expect(excluded.sandbox.calls.byAction).toEqual({ GetCallerIdentity: 1 });
  });

  it('heals as usual in an account the policy does not exclude', async () => {
    const member = world([instance(1), instance(2)], { policy: organization('210987654321') });
    const verdicts = await member.healer().heal([reconcile], { emit: () => undefined });
    expect(verdicts.map((verdict) => verdict.verdict)).toEqual(['healed']);
    expect(member.sandbox.calls.byAction['CreateTrafficMirrorSession']).toBe(2);
  });
});
