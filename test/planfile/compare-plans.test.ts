import { describe, expect, it } from 'vitest';
import type { DesiredResource, PlanAction } from '../../src/core/types/plan.js';
import { comparePlanActions, plansMatch } from '../../src/planfile/compare-plans.js';
import { samplePlan } from './fixtures.js';

const [action] = samplePlan.actions as [PlanAction];

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, member]) => [key, reverseKeys(member)]));
}

describe('comparePlanActions', () => {
  it('matches the same actions whatever their order and the order of their members', () => {
    const reordered = reverseKeys(action) as PlanAction;
    const other: PlanAction = { ...action, id: 'us-east-1/session/web/eni-3', key: 'session/web/eni-3' };
    expect(plansMatch(comparePlanActions([action, other], [other, reordered]))).toBe(true);
  });

  it('does not let a duplicated approved action ride on the one the planner decides', () => {
    const difference = comparePlanActions([action, action], [action]);
    expect(difference.noLongerPlanned).toEqual([action]);
    expect(difference.changed).toEqual([]);
  });

  it('names nested, added and removed members by path', () => {
    const changed: PlanAction = {
      ...action,
      resourceId: 'tms-7',
      after: { ...action.after!, target: { key: 'target/nlb', id: 'tmt-2' }, tags: { 'mirrorctl:policy': 'other' } } as DesiredResource,
    };
    const [change] = comparePlanActions([action], [changed]).changed;
    expect(change?.differences).toEqual([
      { path: 'after.tags.mirrorctl:key', approved: 'session/web/eni-2', now: undefined },
      { path: 'after.tags.mirrorctl:policy', approved: 'prod', now: 'other' },
      { path: 'after.target.id', approved: 'tmt-1', now: 'tmt-2' },
      { path: 'resourceId', approved: undefined, now: 'tms-7' },
    ]);
  });
});
