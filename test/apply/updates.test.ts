import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/aws/apply/index.js';
import type { AttributeChange, DesiredRule } from '../../src/core/types/plan.js';
import type { SandboxFile } from '../../src/sandbox/index.js';
import { virtualSandbox } from './helpers/sandbox.js';
import {
  REGION,
  SUBNET,
  account,
  create,
  eniId,
  filter,
  instance,
  nlbTarget,
  plan,
  replace,
  rule,
  session,
  sessionKey,
  update,
} from './helpers/world.js';

const NLB = nlbTarget().networkLoadBalancerArn as string;
// AWS holds one target per NLB: the second target needs an NLB of its own.
const SECOND_NLB = NLB.replace('/sensors/', '/sensors-b/');
const changed = (attribute: string, before: unknown, after: unknown): AttributeChange => ({
  attribute,
  before,
  after,
  forcesReplacement: false,
});

function existing(): SandboxFile {
  return account([instance(1)], {
    trafficMirrorTargets: [
      { id: 'tmt-0000000a', networkLoadBalancerArn: NLB },
      { id: 'tmt-0000000b', networkLoadBalancerArn: SECOND_NLB },
    ],
    loadBalancers: [
      { arn: NLB, name: 'sensors', type: 'network', subnets: [SUBNET] },
      { arn: SECOND_NLB, name: 'sensors-b', type: 'network', subnets: [SUBNET] },
    ],
    trafficMirrorFilters: [
      {
        id: 'tmf-0000000a',
        networkServices: ['amazon-dns'],
        tags: { team: 'sec', stale: 'yes' },
        rules: [
          {
            id: 'tmfr-0000000a',
            direction: 'ingress',
            number: 100,
            action: 'accept',
            protocol: 6,
            source: '0.0.0.0/0',
            destination: '0.0.0.0/0',
            destinationPorts: { from: 80, to: 80 },
            description: 'web',
          },
        ],
      },
      { id: 'tmf-0000000b' },
    ],
    trafficMirrorSessions: [
      {
        id: 'tms-0000000a',
        networkInterfaceId: eniId(1),
        targetId: 'tmt-0000000a',
        filterId: 'tmf-0000000a',
        sessionNumber: 1,
        packetLength: 128,
        virtualNetworkId: 77,
        description: 'old',
      },
    ],
  });
}

describe('applyPlan updates in place', () => {
  it('modifies only what changed on a session, removing attributes that became unset', async () => {
    const { clock, sandbox, clients } = virtualSandbox(existing());
    const before = {
      ...session(eniId(1), { key: 't/a', id: 'tmt-0000000a' }, { key: 'f/a', id: 'tmf-0000000a' }),
      packetLength: 128,
      virtualNetworkId: 77,
      description: 'old',
    };
    const { packetLength: _dropped, ...rest } = before;
    const after = { ...rest, target: { key: 't/b', id: 'tmt-0000000b' }, virtualNetworkId: 99, description: '' };
    const action = update(sessionKey(eniId(1)), 'tms-0000000a', before, after, [
      changed('target', before.target, after.target),
      changed('packetLength', 128, undefined),
      changed('virtualNetworkId', 77, 99),
      changed('description', 'old', ''),
    ]);

    const result = await applyPlan(plan([action]), clients, { planId: 'u', ...clock });

    expect(result.counts).toMatchObject({ changed: 1, failed: 0 });
    expect(result.apiCalls).toBe(1);
    const [s] = sandbox.toFile().regions[REGION]?.trafficMirrorSessions ?? [];
    expect(s).toMatchObject({
      targetId: 'tmt-0000000b',
      filterId: 'tmf-0000000a',
      sessionNumber: 1,
      virtualNetworkId: 99,
    });
    expect(s?.packetLength).toBeUndefined();
    expect(s?.description).toBeUndefined();
  });

  it('modifies a rule, network services and tags; nothing else is touched', async () => {
    const { clock, sandbox, clients } = virtualSandbox(existing());
    const filterRef = { key: 'filter/all', id: 'tmf-0000000a' };
    const ruleBefore: DesiredRule = {
      ...rule(filterRef, 100),
      protocol: 6,
      destinationPorts: { from: 80, to: 80 },
      description: 'web',
    };
    const { description: _description, ...ruleAfterBase } = ruleBefore;
    const ruleAfter: DesiredRule = { ...ruleAfterBase, destinationPorts: { from: 443, to: 443 } };
    const filterBefore = { ...filter('filter/all', ['amazon-dns']), tags: { team: 'sec', stale: 'yes' } };
    const filterAfter = { ...filter('filter/all', []), tags: { team: 'security', owner: 'mirrorctl' } };
    const actions = [
      update('filter/all', 'tmf-0000000a', filterBefore, filterAfter, [
        changed('networkServices', ['amazon-dns'], []),
        changed('tags', filterBefore.tags, filterAfter.tags),
      ]),
      update('filter/all/ingress/100', 'tmfr-0000000a', ruleBefore, ruleAfter, [
        changed('destinationPorts', { from: 80, to: 80 }, { from: 443, to: 443 }),
        changed('description', 'web', undefined),
      ]),
    ];

    const result = await applyPlan(plan(actions), clients, { planId: 'u', ...clock });

    expect(result.counts).toMatchObject({ changed: 2, failed: 0 });
    expect(sandbox.calls.byAction).toEqual({
      ModifyTrafficMirrorFilterNetworkServices: 1,
      CreateTags: 1,
      DeleteTags: 1,
      ModifyTrafficMirrorFilterRule: 1,
    });
    const [f] = sandbox.toFile().regions[REGION]?.trafficMirrorFilters ?? [];
    expect(f?.networkServices ?? []).toEqual([]);
    expect(f?.tags).toEqual({ team: 'security', owner: 'mirrorctl' });
    expect(f?.rules?.[0]).toMatchObject({ protocol: 6, destinationPorts: { from: 443, to: 443 } });
    expect(f?.rules?.[0]?.description).toBeUndefined();
  });

  it('refuses an update that would need a replacement', async () => {
    const { clock, sandbox, clients } = virtualSandbox(existing());
    const before = nlbTarget();
    const action = update('target/sensors', 'tmt-0000000a', before, { ...before, description: 'new' }, [
      changed('description', 'sensors', 'new'),
    ]);

    const result = await applyPlan(plan([action]), clients, { planId: 'u', ...clock });

    expect(result.outcomes[0]).toMatchObject({ status: 'failed', error: { code: 'InvalidPlan' } });
    expect(sandbox.calls.total()).toBe(0);
  });

  it('replaces a filter: new one with services and rules, sessions moved, old one gone with its rules', async () => {
    const { clock, sandbox, clients } = virtualSandbox(existing());
    const key = 'filter/all';
    const before = filter(key, ['amazon-dns']);
    const swap = replace(key, 'tmf-0000000a', before, { ...before, description: 'v2' }, [
      { attribute: 'description', before: 'all traffic', after: 'v2', forcesReplacement: true },
    ]);
    const createRule = create(`${key}/ingress/100`, rule({ key }, 100), [swap.id]);
    const sessionBefore = session(eniId(1), { key: 't', id: 'tmt-0000000a' }, { key, id: 'tmf-0000000a' });
    const move = update(
      sessionKey(eniId(1)),
      'tms-0000000a',
      sessionBefore,
      { ...sessionBefore, filter: { key } },
      [changed('filter', sessionBefore.filter, { key })],
      [swap.id, createRule.id],
    );

    const result = await applyPlan(plan([swap, createRule, move]), clients, {
      planId: 'r',
      ...clock,
    });

    expect(result.outcomes.map((o) => o.status)).toEqual(['done', 'done', 'done']);
    const filters = sandbox.toFile().regions[REGION]?.trafficMirrorFilters ?? [];
    const replacement = filters.find((f) => f.id === result.outcomes[0]?.resourceId);
    expect(filters.map((f) => f.id).sort()).toEqual([replacement?.id, 'tmf-0000000b'].sort());
    expect(replacement).toMatchObject({ description: 'v2', networkServices: ['amazon-dns'] });
    expect(replacement?.rules).toHaveLength(1);
    expect(sandbox.toFile().regions[REGION]?.trafficMirrorSessions?.[0]?.filterId).toBe(replacement?.id);
  });
});
