import { describe, expect, it } from 'vitest';
import { applyPlan, type ApplyEvent } from '../../src/aws/apply/index.js';
import { virtualSandbox } from './helpers/sandbox.js';
import {
  REGION,
  account,
  actionId,
  eniId,
  eniTarget,
  greenfieldPlan,
  instance,
  plan,
  range,
  replace,
  session,
  sessionKey,
  sessionsPerEni,
  update,
} from './helpers/world.js';

describe('applyPlan ordering', () => {
  it('creates targets, filters, rules and sessions in dependency order, resolving new ids by key', async () => {
    const { clock, sandbox, clients } = virtualSandbox(account(range(1, 5).map((n) => instance(n))));
    const enis = range(1, 5).map(eniId);

    const result = await applyPlan(greenfieldPlan(enis), clients, { planId: 'p1', ...clock });

    expect(result.counts).toEqual({ added: 8, changed: 0, destroyed: 0, failed: 0, skipped: 0, notStarted: 0 });
    const state = sandbox.toFile().regions[REGION];
    const [target] = state?.trafficMirrorTargets ?? [];
    const [createdFilter] = state?.trafficMirrorFilters ?? [];
    expect(createdFilter?.rules).toHaveLength(1);
    expect(state?.trafficMirrorSessions).toHaveLength(5);
    for (const s of state?.trafficMirrorSessions ?? []) {
      expect(s.targetId).toBe(target?.id);
      expect(s.filterId).toBe(createdFilter?.id);
      expect(s.tags?.['mirrorctl:key']).toBe(sessionKey(s.networkInterfaceId));
    }
    expect([...sessionsPerEni(sandbox.toFile()).keys()].sort()).toEqual(enis);
  });

  it('replaces a target make-before-break: sessions move to the new target before the old one is deleted', async () => {
    const sensorA = instance(100, 'c5.xlarge');
    const sensorB = instance(101, 'c5.xlarge');
    const sources = range(1, 3);
    const oldTarget = 'tmt-0000000a';
    const filterId = 'tmf-0000000a';
    const { clock, sandbox, clients } = virtualSandbox(
      account([...sources.map((n) => instance(n)), sensorA, sensorB], {
        trafficMirrorTargets: [{ id: oldTarget, networkInterfaceId: eniId(100), description: 'sensors' }],
        trafficMirrorFilters: [{ id: filterId, description: 'all traffic' }],
        trafficMirrorSessions: sources.map((n) => ({
          id: `tms-0000000${n}`,
          networkInterfaceId: eniId(n),
          targetId: oldTarget,
          filterId,
          sessionNumber: 1,
          description: `mirror ${eniId(n)}`,
        })),
      }),
    );
    const targetKey = 'target/sensors';
    const filterRef = { key: 'filter/all', id: filterId };
    const replaceTarget = replace(targetKey, oldTarget, eniTarget(eniId(100)), eniTarget(eniId(101)), [
      { attribute: 'networkInterfaceId', before: eniId(100), after: eniId(101), forcesReplacement: true },
    ]);
    const moves = sources.map((n) =>
      update(
        sessionKey(eniId(n)),
        `tms-0000000${n}`,
        session(eniId(n), { key: targetKey, id: oldTarget }, filterRef),
        session(eniId(n), { key: targetKey }, filterRef),
        [
          {
            attribute: 'target',
            before: { key: targetKey, id: oldTarget },
            after: { key: targetKey },
            forcesReplacement: false,
          },
        ],
        [replaceTarget.id],
      ),
    );
    const events: ApplyEvent[] = [];

    const result = await applyPlan(
      plan([replaceTarget, ...moves]),
      clients,
      { planId: 'p2', ...clock, onEvent: (event) => events.push(event) },
    );

    expect(result.outcomes.every((outcome) => outcome.status === 'done')).toBe(true);
    expect(result.counts).toMatchObject({ added: 1, changed: 3, destroyed: 1, failed: 0 });
    const state = sandbox.toFile().regions[REGION];
    const targets = state?.trafficMirrorTargets ?? [];
    expect(targets).toHaveLength(1);
    expect(targets[0]?.networkInterfaceId).toBe(eniId(101));
    expect(targets[0]?.id).toBe(result.outcomes[0]?.resourceId);
    expect(new Set(state?.trafficMirrorSessions?.map((s) => s.targetId))).toEqual(new Set([targets[0]?.id]));
    const doneOrder = events.filter((event) => event.type === 'done').map((event) => event.actionId);
    expect(doneOrder.at(-1)).toBe(replaceTarget.id);
  });

  it('keeps the old resource when a dependant of the replace fails', async () => {
    const oldTarget = 'tmt-0000000a';
    const filterId = 'tmf-0000000a';
    const { clock, sandbox, clients } = virtualSandbox(
      account([instance(1), instance(100, 'c5.xlarge'), instance(101, 'c5.xlarge')], {
        trafficMirrorTargets: [{ id: oldTarget, networkInterfaceId: eniId(100) }],
        trafficMirrorFilters: [{ id: filterId }],
        trafficMirrorSessions: [
          { id: 'tms-00000001', networkInterfaceId: eniId(1), targetId: oldTarget, filterId, sessionNumber: 1 },
        ],
      }),
    );
    const targetKey = 'target/sensors';
    const replaceTarget = replace(targetKey, oldTarget, eniTarget(eniId(100)), eniTarget(eniId(101)), []);
    const filterRef = { key: 'filter/all', id: filterId };
    // Session number 40000 is out of AWS's range: the move fails, so the old target is still in use.
    const badMove = update(
      sessionKey(eniId(1)),
      'tms-00000001',
      session(eniId(1), { key: targetKey, id: oldTarget }, filterRef),
      { ...session(eniId(1), { key: targetKey }, filterRef), sessionNumber: 40000 },
      [
        { attribute: 'target', before: oldTarget, after: targetKey, forcesReplacement: false },
        { attribute: 'sessionNumber', before: 1, after: 40000, forcesReplacement: false },
      ],
      [actionId(targetKey)],
    );

    const result = await applyPlan(plan([replaceTarget, badMove]), clients, {
      planId: 'p3',
      ...clock,
    });

    expect(result.outcomes[1]).toMatchObject({ status: 'failed', error: { code: 'InvalidParameterValue' } });
    expect(result.outcomes[0]).toMatchObject({ status: 'failed', error: { code: 'ReplaceIncomplete' } });
    const targets = sandbox.toFile().regions[REGION]?.trafficMirrorTargets ?? [];
    expect(targets.map((t) => t.id).sort()).toEqual([oldTarget, result.outcomes[0]?.resourceId].sort());
  });
});
