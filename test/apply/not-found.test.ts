/**
 * NotFound is tied to the id AWS names: an id this apply created is still propagating (wait within the
 * consistency window), one that existed before the apply was deleted meanwhile (fail at once, plainly).
 */
import { DeleteTrafficMirrorTargetCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { applyPlan, type ApplyEvent } from '../../src/aws/apply/index.js';
import { seededRandom } from '../../src/sandbox/sim/random.js';
import { virtualSandbox } from './helpers/sandbox.js';
import {
  NLB_ARN,
  REGION,
  account,
  actionId,
  eniId,
  greenfieldPlan,
  instance,
  instanceId,
  plan,
  range,
  session,
  sessionKey,
  sessionsPerEni,
  update,
} from './helpers/world.js';

// New targets and filters are listed after 2 s but refused as references for 3 s more.
const lagging = { consistencyDelayMs: 2_000, referenceLagMs: 3_000 };

function timeline(now: () => number) {
  const events: (ApplyEvent & { at: number })[] = [];
  return {
    events,
    onEvent: (event: ApplyEvent) => events.push({ ...event, at: now() }),
    at: (type: ApplyEvent['type'], id: string) => events.find((e) => e.type === type && e.actionId === id)?.at,
  };
}

describe('NotFound on an id this apply created', () => {
  it('waits for a just-created target and filter that Describe lists but references do not see yet', async () => {
    const { clock, sandbox, clients } = virtualSandbox(account(range(1, 3).map((n) => instance(n))), lagging);
    const { events, onEvent } = timeline(clock.now);

    const result = await applyPlan(greenfieldPlan(range(1, 3).map(eniId)), clients, {
      ...clock,
      random: seededRandom(4),
      onEvent,
    });

    expect(result.counts).toMatchObject({ added: 6, failed: 0 });
    expect([...sessionsPerEni(sandbox.toFile()).keys()].sort()).toEqual(range(1, 3).map(eniId));
    const waited = events.filter((e) => e.type === 'retry' && e.operation !== 'DescribeTrafficMirrorTargets' && e.operation !== 'DescribeTrafficMirrorFilters');
    expect(waited.map((e) => e.type === 'retry' && `${e.operation} ${e.code}`)).toEqual(
      expect.arrayContaining([
        'CreateTrafficMirrorFilterRule InvalidTrafficMirrorFilterId.NotFound',
        'CreateTrafficMirrorSession InvalidTrafficMirrorTargetId.NotFound',
      ]),
    );
  });
});

describe('NotFound on an id that existed before the apply', () => {
  it('fails the session of an instance terminated after the plan at once, as InterfaceGone, and goes on', async () => {
    const { clock, sandbox, clients } = virtualSandbox(account(range(1, 3).map((n) => instance(n))), lagging);
    const planned = greenfieldPlan(range(1, 3).map(eniId));
    // Terminating deletes the instance's primary interface, and with it anything that would mirror it.
    sandbox.terminateInstance(REGION, instanceId(2));
    const { onEvent, at } = timeline(clock.now);

    const result = await applyPlan(planned, clients, { ...clock, random: seededRandom(4), onEvent });

    const gone = actionId(sessionKey(eniId(2)));
    expect(result.outcomes.find((o) => o.actionId === gone)).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: {
        code: 'InterfaceGone',
        message: expect.stringContaining(`network interface ${eniId(2)} no longer exists`),
        explanation: expect.stringContaining('instance was terminated'),
      },
    });
    // AWS's own words stay in the message.
    expect(result.outcomes.find((o) => o.actionId === gone)?.error?.message).toContain(
      `The networkInterface ID '${eniId(2)}' does not exist`,
    );
    // Its target and filter were new, yet nothing waited: far less than the 30 s consistency window.
    expect((at('failed', gone) ?? Infinity) - (at('started', gone) ?? 0)).toBeLessThan(1_000);
    expect(result.counts).toMatchObject({ added: 5, failed: 1, skipped: 0 });
    expect([...sessionsPerEni(sandbox.toFile()).keys()].sort()).toEqual([eniId(1), eniId(3)]);
  });

  it('fails a session re-pointed to a target someone else deleted meanwhile as TargetGone, without waiting', async () => {
    const { clock, sandbox, clients } = virtualSandbox(
      account([instance(1)], {
        trafficMirrorTargets: [
          { id: 'tmt-0000000a', networkLoadBalancerArn: NLB_ARN },
          // AWS holds one target per NLB: the second target is on an interface.
          { id: 'tmt-0000000b', networkInterfaceId: eniId(9) },
        ],
        trafficMirrorFilters: [{ id: 'tmf-0000000a' }],
        trafficMirrorSessions: [
          { id: 'tms-0000000a', networkInterfaceId: eniId(1), targetId: 'tmt-0000000a', filterId: 'tmf-0000000a', sessionNumber: 1 },
        ],
      }),
    );
    const before = session(eniId(1), { key: 'target/a', id: 'tmt-0000000a' }, { key: 'filter/all', id: 'tmf-0000000a' });
    const after = { ...before, target: { key: 'target/b', id: 'tmt-0000000b' } };
    const repoint = update(sessionKey(eniId(1)), 'tms-0000000a', before, after, [
      { attribute: 'target', before: before.target, after: after.target, forcesReplacement: false },
    ]);
    await sandbox.ec2(REGION).send(new DeleteTrafficMirrorTargetCommand({ TrafficMirrorTargetId: 'tmt-0000000b' }));

    const result = await applyPlan(plan([repoint]), clients, { ...clock });

    expect(result.outcomes[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: {
        code: 'TargetGone',
        message: expect.stringContaining('mirror target tmt-0000000b no longer exists'),
        explanation: expect.stringContaining('re-run plan'),
      },
    });
    expect(sandbox.toFile().regions[REGION]?.trafficMirrorSessions?.[0]?.targetId).toBe('tmt-0000000a');
  });
});
