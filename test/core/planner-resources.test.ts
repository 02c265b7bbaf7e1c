import { describe, expect, it } from 'vitest';
import {
  allTraffic,
  convergedSensor,
  entry,
  eniTarget,
  existingTarget,
  gwlbeTarget,
  makePolicy,
  nlbArn,
  nlbTarget,
  observedFilter,
  observedRegion,
  observedRule,
  observedSession,
  observedTarget,
  owned,
  ownedSession,
  rule,
  server,
} from './builders.js';
import { action, plan, skipsFor, summaryLines, warningCodes } from './plan-helpers.js';

const converged = convergedSensor();
const oneServer = { servers: [server('i-1')] };

describe('a fresh account', () => {
  it('creates the target, the filter and its rules, then the sessions once their filter is complete', () => {
    const result = plan(makePolicy(), observedRegion(oneServer));
    expect(result.actions.map((item) => [item.id, item.action, item.dependsOn])).toEqual([
      ['us-east-1/target/sensor', 'create', []],
      ['us-east-1/filter/all', 'create', []],
      ['us-east-1/filter/all/egress/100', 'create', ['us-east-1/filter/all']],
      ['us-east-1/filter/all/ingress/100', 'create', ['us-east-1/filter/all']],
      [
        'us-east-1/session/vpc-a/eni-1-0',
        'create',
        ['us-east-1/filter/all', 'us-east-1/filter/all/egress/100', 'us-east-1/filter/all/ingress/100', 'us-east-1/target/sensor'],
      ],
    ]);
    expect(action(result, 'target/sensor').after).toEqual({
      kind: 'target',
      networkInterfaceId: 'eni-sensor',
      description: 'mirrorctl prod target sensor',
      tags: owned('target/sensor'),
    });
    expect(result.summary).toEqual({ create: 5, update: 0, delete: 0 });
  });

  it('nothing to do once converged', () => {
    const result = plan(makePolicy(), observedRegion({ ...converged, ...oneServer, sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')] }));
    expect(result.actions).toEqual([]);
    expect(result.summary).toEqual({ create: 0, update: 0, delete: 0 });
  });

  it('uses the description the policy gives a target or filter', () => {
    const result = plan(
      makePolicy({
        targets: { sensor: eniTarget('sensor', 'eni-sensor', { description: 'Zeek sensor' }) },
        filters: { all: allTraffic('all', { description: 'everything' }) },
      }),
      observedRegion(oneServer),
    );
    expect(action(result, 'target/sensor').after).toMatchObject({ description: 'Zeek sensor' });
    expect(action(result, 'filter/all').after).toMatchObject({ description: 'everything' });
  });

  it('creates a target no entry uses (a hub account shares it with others)', () => {
    const result = plan(
      makePolicy({ targets: { sensor: eniTarget('sensor', 'eni-sensor'), spare: nlbTarget('spare') } }),
      observedRegion({ ...converged, ...oneServer, sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')] }),
    );
    expect(summaryLines(result)).toEqual(['create target/spare']);
  });

  it('creates a filter only in the regions where an entry uses it', () => {
    const result = plan(
      makePolicy({ regions: ['us-east-1', 'eu-west-1'], vpcs: [entry({ key: 'vpc-a', regions: ['us-east-1'] })] }),
      [observedRegion(oneServer), observedRegion({ withoutSensor: true }, 'eu-west-1')],
    );
    expect(result.actions.filter((item) => item.type === 'filter').map((item) => item.id)).toEqual(['us-east-1/filter/all']);
  });
});

describe('renames', () => {
  it('a renamed target: the new one is created, sessions are re-pointed in place, then the old one is deleted', () => {
    const result = plan(
      makePolicy({ targets: { collector: nlbTarget('collector') }, vpcs: [entry({ key: 'vpc-a', target: 'collector' })] }),
      observedRegion({ ...converged, ...oneServer, sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')] }),
    );
    expect(result.actions.map((item) => [item.id, item.action, item.dependsOn])).toEqual([
      ['us-east-1/target/collector', 'create', []],
      ['us-east-1/target/sensor', 'delete', ['us-east-1/session/vpc-a/eni-1-0']],
      ['us-east-1/session/vpc-a/eni-1-0', 'update', ['us-east-1/target/collector']],
    ]);
    expect(action(result, 'target/sensor').reason).toBe('target sensor is no longer in the policy');
    expect(action(result, 'session/vpc-a/eni-1-0').changes).toEqual([
      { attribute: 'target', before: { key: 'target/sensor', id: 'tmt-sensor' }, after: { key: 'target/collector' }, forcesReplacement: false },
    ]);
  });

  it('a renamed filter: created with its rules, sessions re-pointed once the rules exist, the old one deleted without separate rule deletes', () => {
    const result = plan(
      makePolicy({ filters: { web: allTraffic('web') }, vpcs: [entry({ key: 'vpc-a', filter: 'web' })] }),
      observedRegion({ ...converged, ...oneServer, sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')] }),
    );
    expect(result.actions.map((item) => [item.id, item.action, item.dependsOn])).toEqual([
      ['us-east-1/filter/all', 'delete', ['us-east-1/session/vpc-a/eni-1-0']],
      ['us-east-1/filter/web', 'create', []],
      ['us-east-1/filter/web/egress/100', 'create', ['us-east-1/filter/web']],
      ['us-east-1/filter/web/ingress/100', 'create', ['us-east-1/filter/web']],
      ['us-east-1/session/vpc-a/eni-1-0', 'update', ['us-east-1/filter/web', 'us-east-1/filter/web/egress/100', 'us-east-1/filter/web/ingress/100']],
    ]);
    expect(action(result, 'filter/all').reason).toBe('filter all is no longer in the policy');
  });
});

describe('filter changes', () => {
  const withRules = (rules: ReturnType<typeof observedRule>[], networkServices: string[] = []) =>
    observedRegion({
      targets: converged.targets,
      filters: [observedFilter('tmf-all', { description: 'mirrorctl prod filter all', rules, networkServices, tags: owned('filter/all') })],
      ...oneServer,
      sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')],
    });

  it('modifies a changed rule in place, attribute by attribute', () => {
    const policy = makePolicy({
      filters: {
        all: allTraffic('all', {
          ingress: [rule(100, { protocol: 6, destinationPorts: { from: 443, to: 443 }, action: 'reject' })],
          egress: [rule(100)],
        }),
      },
    });
    const result = plan(policy, withRules([observedRule('r-in', 'ingress', 100, { description: 'old' }), observedRule('r-out', 'egress', 100)]));
    expect(summaryLines(result)).toEqual(['update filter/all/ingress/100']);
    expect(action(result, 'filter/all/ingress/100')).toMatchObject({
      resourceId: 'r-in',
      changes: [
        { attribute: 'action', before: 'accept', after: 'reject', forcesReplacement: false },
        { attribute: 'protocol', before: null, after: 6, forcesReplacement: false },
        { attribute: 'destinationPorts', before: null, after: { from: 443, to: 443 }, forcesReplacement: false },
        { attribute: 'description', before: 'old', after: null, forcesReplacement: false },
      ],
      dependsOn: [],
    });
  });

  it('deletes rules the policy dropped and creates new ones without waiting, while the filter has room', () => {
    const policy = makePolicy({ filters: { all: allTraffic('all', { ingress: [rule(200)], egress: [rule(100)] }) } });
    const result = plan(policy, withRules([observedRule('r-in', 'ingress', 100), observedRule('r-out', 'egress', 100)]));
    expect(result.actions.map((item) => [item.id, item.action, item.dependsOn])).toEqual([
      ['us-east-1/filter/all/ingress/100', 'delete', []],
      ['us-east-1/filter/all/ingress/200', 'create', []],
    ]);
    expect(action(result, 'filter/all/ingress/100').reason).toBe('ingress rule #100 is no longer in filter all');
  });

  it('changes network services in place', () => {
    const policy = makePolicy({ filters: { all: allTraffic('all', { networkServices: ['amazon-dns'] }) } });
    const result = plan(policy, withRules([observedRule('r-in', 'ingress', 100), observedRule('r-out', 'egress', 100)]));
    expect(action(result, 'filter/all')).toMatchObject({
      action: 'update',
      changes: [{ attribute: 'networkServices', before: [], after: ['amazon-dns'], forcesReplacement: false }],
    });
  });

  it('replaces a filter whose description changed: make before break', () => {
    const policy = makePolicy({ filters: { all: allTraffic('all', { description: 'everything' }) } });
    const result = plan(policy, withRules([observedRule('r-in', 'ingress', 100), observedRule('r-out', 'egress', 100)]));
    expect(result.actions.map((item) => [item.id, item.action, item.dependsOn])).toEqual([
      ['us-east-1/filter/all', 'replace', []],
      ['us-east-1/filter/all/egress/100', 'create', ['us-east-1/filter/all']],
      ['us-east-1/filter/all/ingress/100', 'create', ['us-east-1/filter/all']],
      // The session moves only once the new filter has all its rules: until then the old filter keeps mirroring.
      ['us-east-1/session/vpc-a/eni-1-0', 'update', ['us-east-1/filter/all', 'us-east-1/filter/all/egress/100', 'us-east-1/filter/all/ingress/100']],
    ]);
    expect(action(result, 'filter/all')).toMatchObject({
      resourceId: 'tmf-all',
      changes: [{ attribute: 'description', before: 'mirrorctl prod filter all', after: 'everything', forcesReplacement: true }],
      reason: "AWS cannot change a filter's description in place",
    });
    expect(action(result, 'session/vpc-a/eni-1-0').changes).toEqual([
      { attribute: 'filter', before: { key: 'filter/all', id: 'tmf-all' }, after: { key: 'filter/all' }, forcesReplacement: false },
    ]);
    expect(result.summary).toEqual({ create: 3, update: 1, delete: 1 });
  });

  it('does not replace a filter another tool’s session uses, and says why', () => {
    const policy = makePolicy({ filters: { all: allTraffic('all', { description: 'everything' }) } });
    const state = withRules([observedRule('r-in', 'ingress', 100), observedRule('r-out', 'egress', 100)]);
    const result = plan(policy, { ...state, sessions: [...state.sessions, observedSession('tms-theirs', 'eni-1-0', { filterId: 'tmf-all', sessionNumber: 2 })] });
    expect(result.actions).toEqual([]);
    expect(result.warnings).toEqual([
      expect.objectContaining({ code: 'replacement-blocked', message: expect.stringContaining('tms-theirs will still use it') }),
    ]);
  });

  it.each([
    ['no rules at all', allTraffic('all', { ingress: [], egress: [] }), 'filter-without-rules'],
    ['no egress rules', allTraffic('all', { egress: [] }), 'filter-without-egress-rules'],
    ['no ingress rules', allTraffic('all', { ingress: [] }), 'filter-without-ingress-rules'],
  ])('warns about a filter with %s', (_name, filter, code) => {
    expect(warningCodes(plan(makePolicy({ filters: { all: filter } }), observedRegion(oneServer)))).toEqual([code]);
  });
});

describe('target changes', () => {
  // An unattached interface for targets to move to: AWS holds one target per interface, so a replacement needs another one.
  const secondSensor = { id: 'eni-sensor-2', type: 'interface', vpcId: 'vpc-sensors', requesterManaged: false, tags: {} };
  const movedSensor = eniTarget('sensor', 'eni-sensor-2');

  it('keeps a target whose description alone changed: the new one could not be made beside it, so replacing it would interrupt mirroring', () => {
    const result = plan(
      makePolicy({ targets: { sensor: eniTarget('sensor', 'eni-sensor', { description: 'Zeek' }) } }),
      observedRegion({ ...converged, ...oneServer, sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')] }),
    );
    expect(result.actions).toEqual([]);
    expect(result.warnings).toEqual([
      {
        code: 'target-description-differs',
        region: 'us-east-1',
        message:
          'target sensor (tmt-sensor) is described "mirrorctl prod target sensor", the policy says "Zeek"; AWS cannot ' +
          "change a target's description in place, and replacing it would interrupt mirroring (AWS allows one target " +
          'per NLB or interface, so no new one can be made beside it): it is kept as it is',
      },
    ]);
  });

  it('replaces a target moved to another interface; sessions follow by update, the old one goes last', () => {
    const result = plan(
      makePolicy({ targets: { sensor: movedSensor } }),
      observedRegion({ ...converged, ...oneServer, interfaces: [secondSensor], sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')] }),
    );
    expect(result.actions.map((item) => [item.id, item.action, item.dependsOn])).toEqual([
      ['us-east-1/target/sensor', 'replace', []],
      ['us-east-1/session/vpc-a/eni-1-0', 'update', ['us-east-1/target/sensor']],
    ]);
    expect(action(result, 'target/sensor').changes).toEqual([
      { attribute: 'networkInterfaceId', before: 'eni-sensor', after: 'eni-sensor-2', forcesReplacement: true },
    ]);
    expect(action(result, 'session/vpc-a/eni-1-0').changes).toEqual([
      { attribute: 'target', before: { key: 'target/sensor', id: 'tmt-sensor' }, after: { key: 'target/sensor' }, forcesReplacement: false },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('sessions that stop using a replaced target are among its dependents, so the old one goes after them', () => {
    const result = plan(
      makePolicy({
        targets: { sensor: movedSensor, nlb: nlbTarget('nlb') },
        vpcs: [entry({ key: 'vpc-a', target: 'nlb' })],
      }),
      observedRegion({
        ...converged,
        servers: [server('i-1'), server('i-2')],
        interfaces: [secondSensor],
        sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0'), ownedSession('tms-2', 'removed', 'eni-2-0')],
      }),
    );
    expect(result.actions.map((item) => [item.id, item.action, item.dependsOn])).toEqual([
      ['us-east-1/target/nlb', 'create', []],
      ['us-east-1/target/sensor', 'replace', []],
      ['us-east-1/session/removed/eni-2-0', 'delete', ['us-east-1/target/sensor']],
      ['us-east-1/session/vpc-a/eni-1-0', 'update', ['us-east-1/target/nlb', 'us-east-1/target/sensor']],
      ['us-east-1/session/vpc-a/eni-2-0', 'create', ['us-east-1/session/removed/eni-2-0', 'us-east-1/target/nlb']],
    ]);
  });

  it('keeps a target it should replace while a session stays on it (its entry’s target is unavailable)', () => {
    const result = plan(
      makePolicy({
        targets: { sensor: movedSensor, hub: existingTarget('hub', 'tmt-gone') },
        vpcs: [entry({ key: 'vpc-a', target: 'hub' })],
      }),
      observedRegion({ ...converged, ...oneServer, interfaces: [secondSensor], sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')] }),
    );
    expect(result.actions).toEqual([]);
    expect(result.warnings.find((item) => item.code === 'replacement-blocked')?.message).toBe(
      "target target/sensor (tmt-sensor) should be replaced (AWS cannot change a target's networkInterfaceId in place) but tms-1 will still use it; it is kept as it is",
    );
  });

  it('does not delete an owned target another tool’s session still uses', () => {
    const result = plan(
      makePolicy({ targets: { collector: nlbTarget('collector') }, vpcs: [entry({ key: 'vpc-a', target: 'collector' })] }),
      observedRegion({ ...converged, ...oneServer, sessions: [observedSession('tms-theirs', 'eni-1-0', { targetId: 'tmt-sensor' })] }),
    );
    expect(summaryLines(result)).toEqual(['create target/collector', 'create session/vpc-a/eni-1-0']);
    expect(result.warnings).toEqual([
      expect.objectContaining({ code: 'resource-in-use', message: expect.stringContaining('target target/sensor (tmt-sensor) is not deleted') }),
    ]);
  });

  it('keeps the copy of a duplicated target that sessions use and deletes the idle one, whatever their ids', () => {
    const copy = observedTarget('tmt-copy', { networkInterfaceId: 'eni-sensor', description: 'mirrorctl prod target sensor', tags: owned('target/sensor') });
    const result = plan(
      makePolicy(),
      observedRegion({ ...converged, targets: [...converged.targets, copy], ...oneServer, sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')] }),
    );
    // tmt-copy sorts first, but tms-1 uses tmt-sensor: nothing is re-pointed.
    expect(result.actions.map((item) => [item.id, item.action, item.reason, item.dependsOn])).toEqual([
      ['us-east-1/target/sensor#tmt-copy', 'delete', 'duplicate of tmt-sensor (same key)', []],
    ]);
  });

  it('keeps the copy of a duplicated filter that most sessions use', () => {
    const servers = [server('i-1'), server('i-2'), server('i-3')];
    const original = converged.filters[0];
    if (original === undefined) throw new Error('convergedSensor() has no filter');
    const copy = observedFilter('tmf-0copy', { ...original, id: 'tmf-0copy', rules: [observedRule('tmfr-in2', 'ingress', 100), observedRule('tmfr-out2', 'egress', 100)] });
    const result = plan(
      makePolicy(),
      observedRegion({
        targets: converged.targets,
        filters: [...converged.filters, copy],
        servers,
        sessions: [
          ownedSession('tms-1', 'vpc-a', 'eni-1-0', { filterId: 'tmf-0copy' }),
          ownedSession('tms-2', 'vpc-a', 'eni-2-0'),
          ownedSession('tms-3', 'vpc-a', 'eni-3-0'),
        ],
      }),
    );
    expect(result.actions.map((item) => [item.id, item.action, item.reason])).toEqual([
      ['us-east-1/filter/all#tmf-0copy', 'delete', 'duplicate of tmf-all (same key)'],
      ['us-east-1/session/vpc-a/eni-1-0', 'update', 'changed: filter'],
    ]);
  });
});

describe('existing targets', () => {
  it('are referenced by id, never created, changed or deleted', () => {
    const shared = observedTarget('tmt-shared', { type: 'network-load-balancer', networkLoadBalancerArn: nlbArn('hub'), tags: owned('target/old') });
    const result = plan(
      makePolicy({ targets: { hub: existingTarget('hub', 'tmt-shared') }, vpcs: [entry({ key: 'vpc-a', target: 'hub' })] }),
      observedRegion({ targets: [shared], filters: converged.filters, ...oneServer }),
    );
    expect(summaryLines(result)).toEqual(['create session/vpc-a/eni-1-0']);
    expect(action(result, 'session/vpc-a/eni-1-0').after).toMatchObject({ target: { key: 'target/hub', id: 'tmt-shared' } });
  });

  it('that were not found skip their interfaces and warn; existing sessions are held as they are', () => {
    const result = plan(
      makePolicy({ targets: { hub: existingTarget('hub', 'tmt-gone') }, vpcs: [entry({ key: 'vpc-a', target: 'hub' })] }),
      observedRegion({ ...converged, servers: [server('i-1'), server('i-2')], sessions: [ownedSession('tms-2', 'vpc-a', 'eni-2-0')] }),
    );
    expect(summaryLines(result)).toEqual([]);
    expect(skipsFor(result, 'eni-1-0')).toEqual([
      expect.objectContaining({
        reason: 'target-unavailable',
        detail: 'vpcs entry vpc-a: existing target tmt-gone (target hub) was not found in the discovered regions (us-east-1)',
      }),
    ]);
    // The entry matches nothing: its session is held, and the owned target and filter it uses are kept for it.
    expect(warningCodes(result)).toEqual(['entry-matches-nothing', 'target-not-found', 'resource-in-use', 'resource-in-use']);
  });
});

describe('where targets live', () => {
  it('skips interfaces of an entry whose target is in another region, and warns once', () => {
    const policy = makePolicy({ regions: ['us-east-1', 'eu-west-1'] });
    const result = plan(policy, [observedRegion(oneServer), observedRegion({ servers: [server('i-2'), server('i-3')], withoutSensor: true }, 'eu-west-1')]);
    // No session in eu-west-1 would use filter all, so it is not created there.
    expect(result.actions.filter((item) => item.region === 'eu-west-1')).toEqual([]);
    expect(skipsFor(result, 'eni-2-0')).toEqual([
      expect.objectContaining({ region: 'eu-west-1', reason: 'target-unavailable', detail: 'vpcs entry vpc-a: target sensor is in us-east-1; sessions cannot cross regions' }),
    ]);
    expect(result.warnings.filter((item) => item.code === 'target-in-other-region')).toEqual([
      expect.objectContaining({ region: 'eu-west-1', message: expect.stringContaining('vpcs entry vpc-a selects 2 interfaces in eu-west-1') }),
    ]);
  });

  it.each([
    ['a GWLB endpoint in a one-region policy lives in that region', makePolicy({ targets: { sensor: gwlbeTarget('sensor', 'vpce-1') } }), [], ['create target/sensor']],
    ['a GWLB endpoint in a multi-region policy needs region:', makePolicy({ regions: ['us-east-1', 'eu-west-1'], targets: { sensor: gwlbeTarget('sensor', 'vpce-1') } }), ['region-not-discovered', 'target-region-unknown'], []],
    ['a GWLB endpoint with region: is placed there', makePolicy({ regions: ['us-east-1', 'eu-west-1'], targets: { sensor: gwlbeTarget('sensor', 'vpce-1', { region: 'us-east-1' }) } }), ['region-not-discovered'], ['create target/sensor']],
    ['an ENI target is found where its interface is', makePolicy({ targets: { sensor: eniTarget('sensor', 'eni-sensor') } }), [], ['create target/sensor']],
    ['an ENI target whose interface is nowhere', makePolicy({ targets: { sensor: eniTarget('sensor', 'eni-missing') } }), ['target-region-unknown'], []],
    ['an NLB target lives in its ARN’s region', makePolicy({ targets: { sensor: nlbTarget('sensor', 'eu-west-1') } }), ['target-in-other-region'], []],
  ])('%s', (_name, policy, warnings, targetLines) => {
    const result = plan(policy, observedRegion({ filters: converged.filters, ...oneServer }));
    expect(warningCodes(result).sort()).toEqual(warnings);
    expect(summaryLines(result).filter((line) => line.includes('target/'))).toEqual(targetLines);
  });
});
