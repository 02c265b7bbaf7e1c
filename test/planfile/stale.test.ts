import { describe, expect, it } from 'vitest';
import { isUserError, type UserError } from '../../src/core/errors.js';
import type { ObservedAccount } from '../../src/core/types/observed.js';
import type { DesiredResource, Plan, PlanAction } from '../../src/core/types/plan.js';
import { createSavedPlan } from '../../src/planfile/saved-plan.js';
import { checkPlanIsCurrent, checkPlanScope, savedPlanOptions, type CurrentState, type PlanScope } from '../../src/planfile/stale.js';
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
const [sessionCreate] = samplePlan.actions as [PlanAction];

const withActions = (actions: readonly PlanAction[]): Plan => ({ ...samplePlan, actions });

function current(overrides: Partial<CurrentState> = {}, observed: ObservedAccount = observedAtPlanTime): CurrentState {
  return { policySha256: POLICY_SHA, accountId: '111122223333', observed, plan: samplePlan, ...overrides };
}

function refusal(check: () => void): UserError {
  try {
    check();
  } catch (error) {
    if (isUserError(error)) return error;
    throw error;
  }
  throw new Error('expected the plan to be refused');
}

const stale = (state: CurrentState): UserError => refusal(() => checkPlanIsCurrent(saved, state));

describe('checkPlanIsCurrent', () => {
  it('accepts a plan computed now that holds exactly the saved actions', () => {
    expect(() => checkPlanIsCurrent(saved, current())).not.toThrow();
  });

  it('accepts a changed policy file and a changed account when the plan computed now is the same', () => {
    const moved = account(region('us-east-1', { instances: [instance('i-1'), instance('i-2'), instance('i-3', { vpcId: 'vpc-9' })] }));
    expect(() => checkPlanIsCurrent(saved, current({ policySha256: 'b'.repeat(64) }, moved))).not.toThrow();
  });

  it('refuses an approved action that is no longer planned, and says what to do', () => {
    const error = stale(current({ plan: withActions([]) }));
    expect(error.message).toMatch(/^Saved plan is stale: .*2026-05-01T12:00:00.000Z/);
    expect(error.message).toContain(
      '  Approved, but no longer planned (1):\n    - create session session/web/eni-2 (us-east-1)',
    );
    expect(error.hint).toContain('run `mirrorctl plan` again');
  });

  it('refuses an action planned now that was not approved', () => {
    const foreignDelete: PlanAction = {
      id: 'us-east-1/session/web/eni-1',
      action: 'delete',
      type: 'session',
      key: 'session/web/eni-1',
      region: 'us-east-1',
      resourceId: 'tms-1',
      changes: [],
      reason: 'interface excluded',
      dependsOn: [],
    };
    const error = stale(current({ plan: withActions([sessionCreate, foreignDelete]) }));
    expect(error.message).toContain('  Planned now, but not approved (1):\n    + delete session session/web/eni-1 (us-east-1, tms-1)');
    expect(error.message).not.toContain('no longer planned');
  });

  it('refuses an action whose attributes changed, naming each attribute with both values', () => {
    const renumbered: PlanAction = { ...sessionCreate, after: { ...sessionCreate.after!, sessionNumber: 2 } as DesiredResource };
    const error = stale(current({ plan: withActions([renumbered]) }));
    expect(error.message).toContain(
      '  Approved, but different now (1):\n    ~ create session session/web/eni-2 (us-east-1)\n        after.sessionNumber: 1 → 2',
    );
  });

  it('explains a refusal with what moved in the policy and the account since the plan was made', () => {
    const observed = account(
      region('us-east-1', {
        instances: [instance('i-1', { state: 'stopped' }), instance('i-2')],
        sessions: [observedSession('tms-1', 'eni-1'), observedSession('tms-9', 'eni-2')],
      }),
    );
    const error = stale(current({ policySha256: 'c'.repeat(64), plan: withActions([]) }, observed));
    expect(error.message.split('\n').slice(-3)).toEqual([
      '  Since the plan was made:',
      '    - the policy file changed since the plan was made (mirror.config.yaml)',
      '    - us-east-1: 1 instance changed (i-1), 1 session added (tms-9)',
    ]);
  });

  it('refuses another account even when the plans match', () => {
    const error = stale(current({ accountId: '444455556666' }));
    expect(error.message).toContain('the plan is for AWS account 111122223333, but the credentials are for 444455556666');
  });
});

describe('checkPlanScope', () => {
  const scope = (overrides: Partial<PlanScope> = {}): PlanScope => ({
    policyName: 'prod',
    policyRegions: ['us-east-1', 'eu-west-1'],
    regions: ['us-east-1'],
    ...overrides,
  });

  it('accepts the policy and regions the plan was made for', () => {
    expect(() => checkPlanScope(saved, scope())).not.toThrow();
  });

  it('refuses other regions than the plan covers', () => {
    const error = refusal(() => checkPlanScope(saved, scope({ regions: ['us-east-1', 'eu-west-1'] })));
    expect(error.message.split('\n').slice(1)).toEqual(['  - the plan covers us-east-1, this run covers us-east-1, eu-west-1']);
  });

  it('refuses a plan for a region the policy no longer lists', () => {
    const error = refusal(() => checkPlanScope(saved, scope({ policyRegions: ['eu-west-1'] })));
    expect(error.message).toContain('the plan covers us-east-1, which the policy no longer lists');
  });

  it('refuses a plan made for another policy', () => {
    const error = refusal(() => checkPlanScope(saved, scope({ policyName: 'staging', policyFile: 'staging.yaml' })));
    expect(error.message).toContain('the plan is for policy prod, staging.yaml is policy staging');
  });
  describe('--allow-empty-entries, which changes what the planner decides', () => {
    const allowing = createSavedPlan({
      plan: samplePlan,
      observed: observedAtPlanTime,
      policy: { file: 'mirror.config.yaml', sha256: POLICY_SHA },
      options: { allowEmptyEntries: true },
      mirrorctlVersion: '0.1.0',
    });

    it('is taken from the plan when the command line does not give it', () => {
      expect(savedPlanOptions(allowing)).toEqual({ allowEmptyEntries: true });
      expect(savedPlanOptions(saved)).toEqual({ allowEmptyEntries: false });
      expect(() => checkPlanScope(allowing, scope())).not.toThrow();
      expect(() => checkPlanScope(allowing, scope({ allowEmptyEntries: true }))).not.toThrow();
    });

    it('refuses a command line that differs from the plan, either way', () => {
      expect(refusal(() => checkPlanScope(saved, scope({ allowEmptyEntries: true }))).message).toContain(
        'the plan was made without --allow-empty-entries, this run passes it',
      );
      expect(refusal(() => checkPlanScope(allowing, scope({ allowEmptyEntries: false }))).message).toContain(
        'the plan was made with --allow-empty-entries, this run turns it off',
      );
    });

    it('is off for a plan file written before options were saved', () => {
      const { options: _options, ...older } = allowing;
      expect(savedPlanOptions(older)).toEqual({ allowEmptyEntries: false });
      expect(() => checkPlanScope(older, scope({ allowEmptyEntries: true }))).toThrow(/made without --allow-empty-entries/);
    });
  });

  describe('--cleanup-legacy-tags, saved only when given', () => {
    const cleaning = createSavedPlan({
      plan: samplePlan,
      observed: observedAtPlanTime,
      policy: { file: 'mirror.config.yaml', sha256: POLICY_SHA },
      options: { allowEmptyEntries: false, cleanupLegacyTags: true },
      mirrorctlVersion: '0.1.0',
    });

    it('is carried by the plan, and a command line that differs is refused', () => {
      expect(savedPlanOptions(cleaning)).toEqual({ allowEmptyEntries: false, cleanupLegacyTags: true });
      expect(savedPlanOptions(saved)).toEqual({ allowEmptyEntries: false });
      expect(() => checkPlanScope(cleaning, scope())).not.toThrow();
      expect(refusal(() => checkPlanScope(cleaning, scope({ cleanupLegacyTags: false }))).message).toContain(
        'the plan was made with --cleanup-legacy-tags, this run turns it off',
      );
      expect(refusal(() => checkPlanScope(saved, scope({ cleanupLegacyTags: true }))).message).toContain(
        'the plan was made without --cleanup-legacy-tags, this run passes it',
      );
    });
  });
});
