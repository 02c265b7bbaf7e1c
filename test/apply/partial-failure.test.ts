import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/aws/apply/index.js';
import { virtualSandbox } from './helpers/sandbox.js';
import {
  REGION,
  account,
  actionId,
  create,
  eniId,
  eniTarget,
  filter,
  greenfieldPlan,
  instance,
  plan,
  range,
  session,
  sessionKey,
  sessionsPerEni,
} from './helpers/world.js';

describe('applyPlan partial failure', () => {
  it('fails only the session on an unsupported instance, skips its dependants, and finishes the rest', async () => {
    // Instance 4 is a t2.micro, which AWS cannot mirror.
    const { clock, sandbox, clients } = virtualSandbox(
      account([...range(1, 3).map((n) => instance(n)), instance(4, 't2.micro')]),
    );
    const greenfield = greenfieldPlan(range(1, 4).map(eniId));
    const failing = actionId(sessionKey(eniId(4)));
    // Stands in for anything the planner orders after that session, e.g. a session taking its number.
    const dependant = create(
      'session/second/eni-00000004',
      { ...session(eniId(4), { key: 'target/sensors' }, { key: 'filter/all' }, 2) },
      [failing],
    );
    const events: string[] = [];

    const result = await applyPlan(
      plan([...greenfield.actions, dependant]),
      clients,
      { planId: 'p', ...clock, onEvent: (event) => events.push(`${event.type} ${event.actionId}`) },
    );

    const outcome = (id: string) => result.outcomes.find((o) => o.actionId === id);
    expect(outcome(failing)).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: {
        code: 'NetworkInterfaceNotSupported',
        explanation: expect.stringContaining('instanceSupport.deny'),
      },
    });
    expect(outcome(dependant.id)).toMatchObject({
      status: 'skipped',
      attempts: 0,
      skippedBecause: `depends on ${failing}, which failed (NetworkInterfaceNotSupported)`,
    });
    expect(result.counts).toEqual({ added: 6, changed: 0, destroyed: 0, failed: 1, skipped: 1, notStarted: 0 });
    expect([...sessionsPerEni(sandbox.toFile()).keys()].sort()).toEqual(range(1, 3).map(eniId));
    expect(events).toContain(`failed ${failing}`);
    expect(events).toContain(`skipped ${dependant.id}`);
  });

  it('skips everything downstream of a failed target and still builds the independent branch', async () => {
    const { clock, sandbox, clients } = virtualSandbox(account(range(1, 4).map((n) => instance(n))));
    const good = { key: 'target/good' };
    const missing = { key: 'target/missing' };
    const filterRef = { key: 'filter/all' };
    const sessionOn = (n: number, target: { key: string }) =>
      create(`session/${target.key}/${eniId(n)}`, session(eniId(n), target, filterRef), [
        actionId(target.key),
        actionId(filterRef.key),
      ]);
    const actions = [
      create(good.key, eniTarget(eniId(4), good.key)),
      // The interface does not exist: AWS answers InvalidTrafficMirrorTarget.
      create(missing.key, eniTarget('eni-0000ffff', missing.key)),
      create(filterRef.key, filter()),
      sessionOn(1, good),
      sessionOn(2, missing),
      sessionOn(3, missing),
    ];

    const result = await applyPlan(plan(actions), clients, { planId: 'p', ...clock });

    expect(result.outcomes.map((o) => o.status)).toEqual(['done', 'failed', 'done', 'done', 'skipped', 'skipped']);
    expect(result.outcomes[1]?.error).toMatchObject({
      code: 'InvalidTrafficMirrorTarget',
      explanation: expect.stringContaining('does not exist'),
    });
    expect(result.counts).toMatchObject({ added: 3, failed: 1, skipped: 2 });
    expect(sandbox.toFile().regions[REGION]?.trafficMirrorSessions).toHaveLength(1);
  });

  it('fails an action whose definition is not of its type (a plan edited by hand) without calling AWS', async () => {
    const { clock, sandbox, clients } = virtualSandbox(account([instance(1)]));
    const loadBalancer = { ...create('load-balancer/sensors', filter()), type: 'load-balancer' as const };

    const result = await applyPlan(plan([loadBalancer]), clients, { planId: 'p', ...clock });

    expect(result.outcomes[0]).toMatchObject({ status: 'failed', attempts: 0, error: { code: 'InvalidPlan' } });
    expect(sandbox.calls.total()).toBe(0);
  });
});

describe('applyPlan progress listener', () => {
  it('finishes the apply when the listener throws, then reports the listener error', async () => {
    const { clock, sandbox, clients } = virtualSandbox(account(range(1, 3).map((n) => instance(n))));
    const broken = new Error('renderer bug');

    const applying = applyPlan(greenfieldPlan(range(1, 3).map(eniId)), clients, {
      planId: 'p',
      ...clock,
      onEvent: (event) => {
        if (event.type === 'done') throw broken;
      },
    });

    await expect(applying).rejects.toBe(broken);
    expect(sessionsPerEni(sandbox.toFile()).size).toBe(3);
  });
});
