import { describe, expect, it } from 'vitest';
import { isUserError, type UserError } from '../../src/core/errors.js';
import type { ObservedAccount } from '../../src/core/types/observed.js';
import { createSavedPlan } from '../../src/planfile/saved-plan.js';
import { checkPlanIsCurrent, type CurrentState } from '../../src/planfile/stale.js';
import { account, instance, observedSession, region, samplePlan } from './fixtures.js';

const POLICY_SHA = 'a'.repeat(64);
const observedAtPlanTime = account(region('us-east-1'));
const saved = createSavedPlan({
  plan: samplePlan,
  observed: observedAtPlanTime,
  policy: { file: 'mirror.config.yaml', sha256: POLICY_SHA },
  mirrorctlVersion: '0.1.0',
  createdAt: new Date('2026-05-01T12:00:00Z'),
});

function current(overrides: Partial<CurrentState> = {}, observed: ObservedAccount = observedAtPlanTime): CurrentState {
  return { policySha256: POLICY_SHA, accountId: '111122223333', regions: ['us-east-1'], observed, ...overrides };
}

function staleness(state: CurrentState): UserError {
  try {
    checkPlanIsCurrent(saved, state);
  } catch (error) {
    if (isUserError(error)) return error;
    throw error;
  }
  throw new Error('expected the plan to be stale');
}

describe('checkPlanIsCurrent', () => {
  it('accepts an unchanged account and policy', () => {
    expect(() => checkPlanIsCurrent(saved, current())).not.toThrow();
  });

  it('rejects a changed policy file and says what to do', () => {
    const error = staleness(current({ policySha256: 'b'.repeat(64) }));
    expect(error.message).toMatch(/^Saved plan is stale: .*2026-05-01T12:00:00.000Z/);
    expect(error.message).toContain('the policy file changed since the plan was made (mirror.config.yaml)');
    expect(error.hint).toContain('run `mirrorctl plan` again');
  });

  it('rejects another account', () => {
    const error = staleness(current({ accountId: '444455556666' }));
    expect(error.message).toContain('the plan is for AWS account 111122223333, but the credentials are for 444455556666');
  });

  it('rejects other regions once, without repeating them as fingerprint differences', () => {
    const error = staleness(current({ regions: ['us-east-1', 'eu-west-1'] }, account(region('us-east-1'), region('eu-west-1'))));
    expect(error.message.split('\n').slice(1)).toEqual(['  - the plan covers us-east-1, this run covers us-east-1, eu-west-1']);
  });

  it('names the resources that changed in the account, one line per difference', () => {
    const observed = account(
      region('us-east-1', {
        instances: [instance('i-1', { state: 'stopped' }), instance('i-2')],
        sessions: [observedSession('tms-1', 'eni-1'), observedSession('tms-9', 'eni-2')],
      }),
    );
    const error = staleness(current({ policySha256: 'c'.repeat(64) }, observed));
    expect(error.message.split('\n').slice(1)).toEqual([
      '  - the policy file changed since the plan was made (mirror.config.yaml)',
      '  - us-east-1: 1 instance changed (i-1), 1 session added (tms-9)',
    ]);
  });
});
