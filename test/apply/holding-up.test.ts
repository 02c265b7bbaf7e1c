/**
 * What holds an apply up is checked at once: a create others wait for (a filter, a target) and the last
 * creates of a region are read back on a short, growing poll instead of a jittered backoff, and a rule lets
 * its sessions start as soon as AWS answered it. Every moment spent waiting there leaves EC2's mutating bucket
 * full and unused, which no later pace makes up for.
 */
import { describe, expect, it } from 'vitest';
import { applyPlan, type ApplyEvent } from '../../src/aws/apply/index.js';
import { virtualSandbox } from './helpers/sandbox.js';
import {
  account,
  actionId,
  create,
  eniId,
  filter,
  instance,
  nlbTarget,
  plan,
  range,
  rule,
  session,
  sessionKey,
  sessionsPerEni,
} from './helpers/world.js';

// New resources are listed 2 s after their create: long enough for a backoff's overshoot to show.
const PROPAGATION_MS = 2_000;
// The poll grows by a quarter each time, so it sees a resource at most a quarter of the wait late, plus a step.
const LATE_AT_MOST_MS = PROPAGATION_MS * 0.25 + 100;

const targetRef = { key: 'target/sensors' };
const filterRef = { key: 'filter/all' };
const ruleKey = `${filterRef.key}/ingress/100`;

/** As the planner links them: the rule waits for its filter, each session for target, filter and rule. */
function filterFirstPlan(enis: string[], ruleNumber = 100) {
  return plan([
    create(targetRef.key, nlbTarget()),
    create(filterRef.key, filter()),
    create(ruleKey, rule(filterRef, ruleNumber), [actionId(filterRef.key)]),
    ...enis.map((eni) =>
      create(sessionKey(eni), session(eni, targetRef, filterRef), [actionId(targetRef.key), actionId(filterRef.key), actionId(ruleKey)]),
    ),
  ]);
}

function recorder(now: () => number) {
  const events: (ApplyEvent & { at: number })[] = [];
  const at = (type: ApplyEvent['type'], id: string): number => {
    const found = events.find((event) => event.type === type && event.actionId === id)?.at;
    if (found === undefined) throw new Error(`no ${type} event for ${id}`);
    return found;
  };
  return { events, onEvent: (event: ApplyEvent) => events.push({ ...event, at: now() }), at };
}

describe('an apply is not held up longer than AWS holds it', () => {
  it('starts the rule as soon as its filter is listed, and the sessions as soon as AWS answered the rule', async () => {
    const enis = range(1, 3).map(eniId);
    const { clock, sandbox, clients } = virtualSandbox(account(range(1, 3).map((n) => instance(n))), {
      consistencyDelayMs: PROPAGATION_MS,
    });
    const { onEvent, at } = recorder(clock.now);
    const start = clock.now();

    const result = await applyPlan(filterFirstPlan(enis), clients, { ...clock, random: () => 0.5, onEvent });

    expect(result.counts).toMatchObject({ added: 6, failed: 0 });
    expect([...sessionsPerEni(sandbox.toFile()).keys()].sort()).toEqual(enis);
    // The filter is created at once and listed PROPAGATION_MS later; its confirmation follows closely.
    expect(at('started', actionId(ruleKey)) - start).toBeGreaterThanOrEqual(PROPAGATION_MS);
    expect(at('started', actionId(ruleKey)) - start).toBeLessThanOrEqual(PROPAGATION_MS + LATE_AT_MOST_MS);
    // Sessions do not wait for the rule to be listed: they start before the rule is done.
    for (const eni of enis) expect(at('started', actionId(sessionKey(eni)))).toBeLessThan(at('done', actionId(ruleKey)));
  });

  it('still keeps the sessions back when their rule is refused', async () => {
    const enis = range(1, 2).map(eniId);
    const { clock, sandbox, clients } = virtualSandbox(account(range(1, 2).map((n) => instance(n))));

    // AWS takes rule numbers from 1 to 32766.
    const result = await applyPlan(filterFirstPlan(enis, 40_000), clients, { ...clock, random: () => 0.5 });

    const outcome = (key: string) => result.outcomes.find((o) => o.actionId === actionId(key));
    expect(outcome(ruleKey)?.status).toBe('failed');
    for (const eni of enis) expect(outcome(sessionKey(eni))?.status).toBe('skipped');
    expect(sessionsPerEni(sandbox.toFile()).size).toBe(0);
  });

  it('confirms the last creates of a region as soon as they are listed', async () => {
    const { clock, clients } = virtualSandbox(account([instance(1)]), { consistencyDelayMs: PROPAGATION_MS });
    const { onEvent, at } = recorder(clock.now);
    const eni = eniId(1);

    const result = await applyPlan(filterFirstPlan([eni]), clients, { ...clock, random: () => 0.5, onEvent });

    expect(result.counts).toMatchObject({ added: 4, failed: 0 });
    const id = actionId(sessionKey(eni));
    // Nothing is left to start once the session is sent: its own confirmation is what the apply waits for.
    expect(at('done', id) - at('started', id)).toBeGreaterThanOrEqual(PROPAGATION_MS);
    expect(at('done', id) - at('started', id)).toBeLessThanOrEqual(PROPAGATION_MS + LATE_AT_MOST_MS);
  });
});
