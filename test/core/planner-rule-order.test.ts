import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planChanges } from '../../src/core/planner/index.js';
import type { ObservedRule } from '../../src/core/types/observed.js';
import type { PolicyRule } from '../../src/core/types/policy.js';
import { applyPlanToObserved, type ApplyOrder } from './apply-model.js';
import { account, allTraffic, convergedSensor, makePolicy, observedFilter, observedRegion, observedRule, owned, ownedSession, rule, server } from './builders.js';
import { plan } from './plan-helpers.js';

const converged = convergedSensor();

/** "ingress/100" → the rule in that slot. */
const slot = (name: string): { direction: 'ingress' | 'egress'; number: number } => {
  const [direction, number] = name.split('/');
  return { direction: direction === 'egress' ? 'egress' : 'ingress', number: Number(number) };
};

/** The converged account of makePolicy(), its filter holding the rules in `slots` (ids r-<direction>-<number>). */
function holding(slots: readonly string[], extra: readonly ObservedRule[] = []) {
  const rules = slots.map((name) => {
    const { direction, number } = slot(name);
    return observedRule(`r-${direction}-${number}`, direction, number);
  });
  return observedRegion({
    targets: converged.targets,
    filters: [observedFilter('tmf-all', { description: 'mirrorctl prod filter all', rules: [...rules, ...extra], tags: owned('filter/all') })],
    servers: [server('i-1')],
    sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')],
  });
}

function wanting(slots: readonly string[]) {
  const of = (direction: string): PolicyRule[] => slots.map(slot).filter((item) => item.direction === direction).map((item) => rule(item.number));
  return makePolicy({ filters: { all: allTraffic('all', { ingress: of('ingress'), egress: of('egress') }) } });
}

const ingress = (...numbers: number[]): string[] => numbers.map((number) => `ingress/${number}`);
const egress = (...numbers: number[]): string[] => numbers.map((number) => `egress/${number}`);
const FULL = [...ingress(100, 200, 300, 400, 500), ...egress(100, 200, 300, 400, 500)];
const id = (name: string): string => `us-east-1/filter/all/${name}`;

describe('rule creates wait for rule deletes only as far as the 10-rule quota needs', () => {
  it.each<[string, readonly string[], readonly string[], readonly [string, string, readonly string[]][]]>([
    [
      'a renumbered rule far below the quota: no wait',
      ['ingress/100', 'egress/100'],
      ['ingress/200', 'egress/100'],
      [
        ['ingress/100', 'delete', []],
        ['ingress/200', 'create', []],
      ],
    ],
    [
      'exactly 10 at the worst moment: no wait',
      [...ingress(100, 200, 300, 400, 500), ...egress(100, 200, 300)],
      [...ingress(100, 200, 300, 400, 500, 600), ...egress(100, 600)],
      [
        ['egress/200', 'delete', []],
        ['egress/300', 'delete', []],
        ['egress/600', 'create', []],
        ['ingress/600', 'create', []],
      ],
    ],
    [
      'a full filter renumbers one rule: the create waits for the delete',
      FULL,
      [...FULL.filter((name) => name !== 'ingress/500'), 'ingress/600'],
      [
        ['ingress/500', 'delete', []],
        ['ingress/600', 'create', [id('ingress/500')]],
      ],
    ],
    [
      'one over the quota: only the highest create waits, on every delete',
      [...ingress(100, 200, 300, 400, 500), ...egress(100, 200, 300, 400)],
      [...ingress(100, 200, 300, 400, 500, 600, 700), ...egress(100, 200)],
      [
        ['egress/300', 'delete', []],
        ['egress/400', 'delete', []],
        ['ingress/600', 'create', []],
        ['ingress/700', 'create', [id('egress/300'), id('egress/400')]],
      ],
    ],
    [
      'a full filter renumbers three rules: all three creates wait',
      FULL,
      [...ingress(100, 200, 300, 400, 500, 600, 700), ...egress(100, 200, 600)],
      [
        ['egress/300', 'delete', []],
        ['egress/400', 'delete', []],
        ['egress/500', 'delete', []],
        ['egress/600', 'create', [id('egress/300'), id('egress/400'), id('egress/500')]],
        ['ingress/600', 'create', [id('egress/300'), id('egress/400'), id('egress/500')]],
        ['ingress/700', 'create', [id('egress/300'), id('egress/400'), id('egress/500')]],
      ],
    ],
    [
      'new rules and no deletes: nothing to wait for',
      ['ingress/100'],
      ['ingress/100', 'ingress/200', 'egress/100'],
      [
        ['egress/100', 'create', []],
        ['ingress/200', 'create', []],
      ],
    ],
  ])('%s', (_name, held, wanted, expected) => {
    const result = plan(wanting(wanted), holding(held));
    const rules = result.actions.filter((item) => item.type === 'filter-rule');
    const sortRows = (rows: readonly (readonly [string, string, readonly string[]])[]) =>
      [...rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    expect(rules.map((item) => [item.key.slice('filter/all/'.length), item.action, item.dependsOn])).toEqual(sortRows(expected));
  });

  it('a duplicate rule counts against the quota: the create waits for its deletion', () => {
    const duplicate = observedRule('r-z-copy', 'ingress', 100);
    const slots = [...ingress(100, 200, 300, 400, 500), ...egress(100, 200, 300, 400)];
    const result = plan(wanting([...slots, 'egress/600']), holding(slots, [duplicate]));
    expect(result.actions.filter((item) => item.type === 'filter-rule').map((item) => [item.id, item.action, item.dependsOn])).toEqual([
      ['us-east-1/filter/all/egress/600', 'create', ['us-east-1/filter/all/ingress/100#r-z-copy']],
      ['us-east-1/filter/all/ingress/100#r-z-copy', 'delete', []],
    ]);
  });

  it('rules of a new (replacing) filter never wait for the old filter’s rules', () => {
    const policy = makePolicy({
      filters: {
        all: allTraffic('all', { description: 'everything', ingress: [100, 200, 300, 400, 600].map((n) => rule(n)), egress: [100, 200, 300, 400, 500].map((n) => rule(n)) }),
      },
    });
    const result = plan(policy, holding(FULL));
    const rules = result.actions.filter((item) => item.type === 'filter-rule');
    expect(rules).toHaveLength(10);
    for (const item of rules) expect(item.dependsOn).toEqual(['us-east-1/filter/all']);
  });

  it('any schedule stays within the quota, and only the creates beyond it wait (property)', () => {
    const slots = fc.uniqueArray(
      fc.tuple(fc.constantFrom('ingress', 'egress'), fc.integer({ min: 1, max: 12 })).map(([direction, n]) => `${direction}/${n * 100}`),
      { maxLength: 10 },
    );
    fc.assert(
      fc.property(slots, slots, fc.constantFrom<ApplyOrder>('forward', 'reverse', 'deletes-last'), (held, wanted, order) => {
        const observed = account(holding(held));
        const policy = wanting(wanted);
        const result = planChanges(policy, observed);
        const creates = result.actions.filter((item) => item.type === 'filter-rule' && item.action === 'create');
        const waiting = creates.filter((item) => item.dependsOn.some((dep) => dep.startsWith('us-east-1/filter/all/')));
        expect(waiting).toHaveLength(Math.max(0, held.length + creates.length - 10));
        const applied = applyPlanToObserved(result, observed, { order });
        expect(planChanges(policy, applied).actions).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
