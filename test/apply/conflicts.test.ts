import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/aws/apply/index.js';
import { virtualSandbox } from './helpers/sandbox.js';
import {
  NLB_ARN,
  REGION,
  account,
  actionId,
  create,
  eniId,
  instance,
  plan,
  remove,
  rule,
  session,
  sessionKey,
  tags,
} from './helpers/world.js';

const TARGET = 'tmt-0000000a';
const FILTER = 'tmf-0000000a';
const targetRef = { key: 'target/sensors', id: TARGET };
const filterRef = { key: 'filter/all', id: FILTER };
const existing = {
  trafficMirrorTargets: [{ id: TARGET, networkLoadBalancerArn: NLB_ARN, tags: tags('target/sensors') }],
  trafficMirrorFilters: [{ id: FILTER, tags: tags('filter/all') }],
};

describe('applyPlan conflicts: re-read the interface and re-decide', () => {
  it('takes the next free number when another tool took the planned one after the plan', async () => {
    const { clock, sandbox, clients } = virtualSandbox(
      account([instance(1)], {
        ...existing,
        trafficMirrorSessions: [
          { id: 'tms-0000f00d', networkInterfaceId: eniId(1), targetId: TARGET, filterId: FILTER, sessionNumber: 1 },
        ],
      }),
    );

    const result = await applyPlan(plan([create(sessionKey(eniId(1)), session(eniId(1), targetRef, filterRef, 1))]), clients, clock);

    expect(result.outcomes[0]).toMatchObject({ status: 'done' });
    expect(result.outcomes[0]?.doneBy).toBeUndefined();
    const sessions = sandbox.toFile().regions[REGION]?.trafficMirrorSessions ?? [];
    expect(sessions.map((s) => [s.id === 'tms-0000f00d' ? 'foreign' : 'ours', s.sessionNumber])).toEqual([
      ['foreign', 1],
      ['ours', 2],
    ]);
  });

  it('counts the create as done by another run when the equivalent owned session is already there', async () => {
    const { clock, sandbox, clients } = virtualSandbox(
      account([instance(1)], {
        ...existing,
        // Made by a concurrent run (with a token of its own) after this run planned.
        trafficMirrorSessions: [
          {
            id: 'tms-0000beef',
            networkInterfaceId: eniId(1),
            targetId: TARGET,
            filterId: FILTER,
            sessionNumber: 1,
            tags: { ...tags(sessionKey(eniId(1))) },
          },
        ],
      }),
    );

    const result = await applyPlan(plan([create(sessionKey(eniId(1)), session(eniId(1), targetRef, filterRef, 1))]), clients, clock);

    expect(result.outcomes[0]).toMatchObject({ status: 'done', resourceId: 'tms-0000beef', doneBy: 'another-run' });
    expect(result.counts.failed).toBe(0);
    expect(sandbox.toFile().regions[REGION]?.trafficMirrorSessions?.map((s) => s.id)).toEqual(['tms-0000beef']);
  });

  it('waits for a deleted session to release its number rather than failing or renumbering', async () => {
    const { clock, sandbox, clients } = virtualSandbox(
      account([instance(1)], {
        ...existing,
        trafficMirrorSessions: [
          { id: 'tms-0000dead', networkInterfaceId: eniId(1), targetId: TARGET, filterId: FILTER, sessionNumber: 1, tags: tags('session/old/eni') },
        ],
      }),
      { deletePropagationMs: 3_000 },
    );
    const old = remove('session/old/eni', 'tms-0000dead', session(eniId(1), targetRef, filterRef, 1));
    const fresh = create(sessionKey(eniId(1)), session(eniId(1), targetRef, filterRef, 1), [old.id]);

    const result = await applyPlan(plan([old, fresh]), clients, clock);

    expect(result.outcomes.map((o) => o.status)).toEqual(['done', 'done']);
    const sessions = sandbox.toFile().regions[REGION]?.trafficMirrorSessions ?? [];
    expect(sessions.map((s) => s.sessionNumber)).toEqual([1]);
    expect(result.outcomes.find((o) => o.actionId === actionId(sessionKey(eniId(1))))?.attempts).toBeGreaterThan(1);
  });

  it('counts a rule create as done by another run when the filter already has the same rule in that slot', async () => {
    const { clock, sandbox, clients } = virtualSandbox(
      account([instance(1)], {
        trafficMirrorFilters: [
          {
            id: FILTER,
            tags: tags('filter/all'),
            rules: [
              {
                id: 'tmfr-0000beef',
                direction: 'ingress',
                number: 100,
                action: 'accept',
                source: '0.0.0.0/0',
                destination: '0.0.0.0/0',
                tags: { ...tags('filter/all/ingress/100') },
              },
            ],
          },
        ],
      }),
    );

    const result = await applyPlan(plan([create('filter/all/ingress/100', rule(filterRef, 100))]), clients, clock);

    expect(result.outcomes[0]).toMatchObject({ status: 'done', resourceId: 'tmfr-0000beef', doneBy: 'another-run' });
    expect(sandbox.toFile().regions[REGION]?.trafficMirrorFilters?.[0]?.rules).toHaveLength(1);
  });
});
