import { describe, expect, it } from 'vitest';
import { renderPlanJson } from '../../src/render/json.js';
import { createSession, deleteSession, planOf, replaceTarget, skipped, updateSession } from './fixtures.js';

function parse(text: string): Record<string, unknown> {
  return JSON.parse(text) as Record<string, unknown>;
}

describe('renderPlanJson', () => {
  const plan = planOf([replaceTarget, createSession('eni-1'), updateSession('eni-2'), deleteSession('eni-3', 'excluded')], {
    skipped: [...skipped(1), { region: 'us-east-1', networkInterfaceId: 'eni-lb', reason: 'requester-managed', detail: 'ELB' }],
    warnings: [{ code: 'cross-az', message: 'target in another AZ' }],
  });

  it('prints exactly one JSON document followed by a newline', () => {
    const text = renderPlanJson(plan);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.indexOf('\n}\n')).toBe(text.length - 3);
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it('has the documented top-level members, in order', () => {
    expect(Object.keys(parse(renderPlanJson(plan)))).toEqual([
      'formatVersion',
      'policy',
      'mode',
      'regions',
      'summary',
      'actions',
      'skipped',
      'warnings',
      'cost',
    ]);
    expect(parse(renderPlanJson(plan))).toMatchObject({
      formatVersion: 1,
      policy: 'prod',
      mode: 'converge',
      regions: ['us-east-1'],
      summary: { create: 2, update: 1, delete: 2, replace: 1 },
      warnings: [{ code: 'cross-az', message: 'target in another AZ' }],
      cost: { currency: 'USD', hoursPerMonth: 730, byRegion: [{ region: 'us-east-1', ratePerSessionHour: 0.015 }] },
    });
  });

  it('describes each action with its address, existing id, definitions, changes, reason and dependencies', () => {
    const actions = parse(renderPlanJson(plan))['actions'] as Record<string, unknown>[];
    expect(actions.map((action) => Object.keys(action))).toEqual([
      ['address', 'action', 'type', 'key', 'id', 'region', 'before', 'after', 'changes', 'reason', 'dependsOn'],
      ['address', 'action', 'type', 'key', 'region', 'after', 'reason', 'dependsOn'],
      ['address', 'action', 'type', 'key', 'id', 'region', 'before', 'after', 'changes', 'reason', 'dependsOn'],
      ['address', 'action', 'type', 'key', 'id', 'region', 'before', 'reason', 'dependsOn'],
    ]);
    expect(actions[0]).toMatchObject({
      address: 'us-east-1/target/sensor-nlb',
      action: 'replace',
      id: 'tmt-0old',
      changes: [{ attribute: 'networkLoadBalancerArn', forcesReplacement: true }],
      reason: 'the NLB ARN cannot be changed in place',
    });
    expect(actions[1]?.['after']).toMatchObject({ kind: 'session', target: { key: 'target/sensor-nlb', id: 'tmt-0aaa' } });
  });

  it('sorts the keys of resource definitions, whatever order they were built in', () => {
    const action = createSession('eni-1');
    const shuffled = { ...action, after: Object.fromEntries(Object.entries(action.after ?? {}).reverse()) } as typeof action;
    expect(renderPlanJson(planOf([shuffled]))).toBe(renderPlanJson(planOf([action])));
    const after = (parse(renderPlanJson(planOf([action])))['actions'] as { after: object }[])[0]?.after ?? {};
    expect(Object.keys(after)).toEqual([...Object.keys(after)].sort());
  });

  it('writes an unset attribute value as null', () => {
    const action = { ...updateSession('eni-2'), changes: [{ attribute: 'packetLength', before: undefined, after: 256, forcesReplacement: false }] };
    const [written] = parse(renderPlanJson(planOf([action])))['actions'] as { changes: unknown[] }[];
    expect(written?.changes).toEqual([{ attribute: 'packetLength', before: null, after: 256, forcesReplacement: false }]);
  });

  it('lists skipped interfaces, omitting an unknown instance id', () => {
    expect(parse(renderPlanJson(plan))['skipped']).toEqual([
      {
        region: 'us-east-1',
        instanceId: 'i-skip0',
        networkInterfaceId: 'eni-skip0',
        reason: 'unsupported-instance-type',
        detail: 't2.micro is not a supported source type (#0)',
      },
      { region: 'us-east-1', networkInterfaceId: 'eni-lb', reason: 'requester-managed', detail: 'ELB' },
    ]);
  });
});
