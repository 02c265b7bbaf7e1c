/**
 * At-least-once delivery, in any order, to several containers at once, with a scheduled reconcile overlapping:
 * on one account, with latency, eventual consistency and faults, every eligible interface ends with exactly
 * one session. Nothing serialises them: content-derived ClientTokens and the executor's conflict re-reads do.
 */
import { describe, expect, it } from 'vitest';
import type { ItemVerdict } from '../../src/app/heal/index.js';
import { seededRandom } from '../../src/sandbox/sim/random.js';
import { collector, eniId, instance, instanceId, items, range, schedule, sessionsOf, stateChange, world, type World } from './helpers.js';

const realism = { consistencyDelayMs: 1_500, deletePropagationMs: 1_000, latencyMs: 1, faults: { rate: 0.03, seed: 11 } };

/** Redelivers what was to be retried, as SQS would, until nothing is. */
async function deliver(w: World, batches: Record<string, unknown>[][]): Promise<void> {
  const healers = batches.map(() => w.healer());
  let pending = batches.map((batch) => items(...batch));
  for (let round = 0; round < 5 && pending.some((batch) => batch.length > 0); round += 1) {
    const verdicts: ItemVerdict[][] = await Promise.all(pending.map((batch, index) => (batch.length === 0 ? [] : (healers[index] ?? w.healer()).heal(batch, collector()))));
    pending = pending.map((batch, index) => batch.filter((item) => verdicts[index]?.find((verdict) => verdict.item === item.id)?.verdict === 'retry'));
  }
  expect(pending.flat()).toEqual([]);
}

function expectOneSessionPerInterface(w: World, interfaces: readonly string[]): void {
  const sessions = sessionsOf(w.sandbox);
  expect(sessions.map((session) => session.eni).sort()).toEqual([...interfaces].sort());
}

describe('concurrent healers on one account', () => {
  it('the same events to several containers at once: one session per interface', async () => {
    const w = world(range(1, 12).map((n) => instance(n)), { simulator: realism });
    const events = range(1, 12).map((n) => stateChange(instanceId(n), 'running'));
    await deliver(w, [events, events, [...events].reverse(), events.slice(0, 6)]);
    expectOneSessionPerInterface(w, range(1, 12).map(eniId));
  });

  it('overlapping batches in random order, duplicates and a scheduled reconcile at the same time', async () => {
    const count = 20;
    const w = world(range(1, count).map((n) => instance(n)), { simulator: realism });
    const random = seededRandom(5);
    const events = range(1, count).map((n) => stateChange(instanceId(n), 'running'));
    const batch = (): Record<string, unknown>[] =>
      events.filter(() => random() < 0.4).sort(() => random() - 0.5).slice(0, 10);
    await deliver(w, [batch(), batch(), batch(), batch(), [schedule()], batch(), [schedule()]]);
    expectOneSessionPerInterface(w, range(1, count).map(eniId));
    // And a late event for each finds nothing left to do.
    const late = await w.healer().heal(items(...events.slice(0, 10)), collector());
    expect(late.map((verdict) => verdict.reason)).toEqual(Array(10).fill('nothing to change'));
  });
});
