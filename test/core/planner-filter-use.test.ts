import { describe, expect, it } from 'vitest';
import type { PlanOptions } from '../../src/core/planner/index.js';
import type { ObservedRegion } from '../../src/core/types/observed.js';
import type { Plan } from '../../src/core/types/plan.js';
import type { Policy } from '../../src/core/types/policy.js';
import {
  allTraffic,
  convergedSensor,
  eniTarget,
  entry,
  existingTarget,
  makePolicy,
  nlbTarget,
  observedFilter,
  observedRegion,
  observedRule,
  observedSession,
  owned,
  ownedSession,
  server,
  vpc,
} from './builders.js';
import { action, plan, warningCodes } from './plan-helpers.js';

const converged = convergedSensor();
const BOTH = ['us-east-1', 'eu-west-1'];

/** Targets and filters, one line each with its reason; rules only as "creates N rules" per region and filter. */
function resourceLines(result: Plan): string[] {
  const lines = result.actions
    .filter((item) => item.type === 'target' || item.type === 'filter')
    .map((item) => `${item.region} ${item.action} ${item.key}: ${item.reason}`);
  const rulesByFilter = new Map<string, number>();
  for (const item of result.actions) {
    if (item.type !== 'filter-rule' || item.after?.kind !== 'filter-rule') continue;
    const where = `${item.region} ${item.after.filter.key}`;
    rulesByFilter.set(where, (rulesByFilter.get(where) ?? 0) + 1);
  }
  return [...lines, ...[...rulesByFilter].map(([where, count]) => `${where}: ${count} rule actions`)];
}

const webFilter = observedFilter('tmf-web', {
  description: 'mirrorctl prod filter web',
  rules: [observedRule('tmfr-web-in', 'ingress', 100), observedRule('tmfr-web-out', 'egress', 100)],
  tags: owned('filter/web'),
});

interface Case {
  readonly name: string;
  readonly policy: Policy;
  readonly regions: readonly ObservedRegion[];
  readonly lines: readonly string[];
  /** Warning codes the plan must include (others may appear). */
  readonly warnings?: readonly string[];
  readonly options?: PlanOptions;
}

const cases: readonly Case[] = [
  {
    name: "the entry's target is in another region: no filter where its interfaces are skipped",
    policy: makePolicy({ regions: BOTH }),
    regions: [
      observedRegion({ servers: [server('i-1')] }),
      observedRegion({ servers: [server('i-2'), server('i-3')], withoutSensor: true }, 'eu-west-1'),
    ],
    lines: [
      'us-east-1 create target/sensor: target sensor is in the policy',
      'us-east-1 create filter/all: filter all is used by 1 session in us-east-1',
      'us-east-1 filter/all: 2 rule actions',
    ],
    warnings: ['target-in-other-region'],
  },
  {
    name: 'a tag-selected entry: a filter only where a VPC matches (targets are still created in their region)',
    policy: makePolicy({
      regions: BOTH,
      targets: { sensor: eniTarget('sensor', 'eni-sensor'), 'sensor-eu': nlbTarget('sensor-eu', 'eu-west-1') },
      vpcs: [
        entry({ key: 'prod-us', vpcTags: { env: 'prod' }, regions: ['us-east-1'] }),
        entry({ key: 'prod-eu', vpcTags: { env: 'prod' }, target: 'sensor-eu', regions: ['eu-west-1'] }),
      ],
    }),
    regions: [
      observedRegion({ vpcs: [vpc('vpc-a', { env: 'prod' }), vpc('vpc-sensors')], servers: [server('i-1')] }),
      observedRegion({ servers: [server('i-2')], withoutSensor: true }, 'eu-west-1'),
    ],
    lines: [
      'eu-west-1 create target/sensor-eu: target sensor-eu is in the policy',
      'us-east-1 create target/sensor: target sensor is in the policy',
      'us-east-1 create filter/all: filter all is used by 1 session in us-east-1',
      'us-east-1 filter/all: 2 rule actions',
    ],
  },
  {
    name: 'no interface of the entry can be a source: no filter',
    policy: makePolicy(),
    regions: [observedRegion({ servers: [server('i-1', { type: 't2.micro' })] })],
    lines: ['us-east-1 create target/sensor: target sensor is in the policy'],
  },
  {
    name: 'a stopped instance without a session gets none: no filter',
    policy: makePolicy(),
    regions: [observedRegion({ servers: [server('i-1', { state: 'stopped' })] })],
    lines: ['us-east-1 create target/sensor: target sensor is in the policy'],
  },
  {
    name: 'the reason counts the sessions that use the filter',
    policy: makePolicy(),
    regions: [observedRegion({ servers: [server('i-1'), server('i-2', { interfaces: 2 })] })],
    lines: [
      'us-east-1 create target/sensor: target sensor is in the policy',
      'us-east-1 create filter/all: filter all is used by 3 sessions in us-east-1',
      'us-east-1 filter/all: 2 rule actions',
    ],
  },
  {
    name: 'a stopped instance keeps its session, and the session keeps its filter',
    policy: makePolicy(),
    regions: [observedRegion({ ...converged, servers: [server('i-1', { state: 'stopped' })], sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')] })],
    lines: [],
    warnings: ['stopped-instances-keep-sessions'],
  },
  {
    name: "a session kept on its old target (its entry's target is unavailable) keeps the filter",
    policy: makePolicy({ targets: { hub: existingTarget('hub', 'tmt-gone') }, vpcs: [entry({ key: 'vpc-a', target: 'hub' })] }),
    regions: [observedRegion({ ...converged, servers: [server('i-1')], sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')] })],
    lines: [],
    warnings: ['target-not-found', 'resource-in-use'],
  },
  {
    name: 'a session of an entry whose target is gone is held as it is, and so are its target and filter',
    policy: makePolicy({
      targets: { hub: existingTarget('hub', 'tmt-gone') },
      filters: { web: allTraffic('web') },
      vpcs: [entry({ key: 'vpc-a', target: 'hub', filter: 'web' })],
    }),
    regions: [observedRegion({ ...converged, servers: [server('i-1')], sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')] })],
    lines: [],
    warnings: ['entry-matches-nothing', 'resource-in-use'],
  },
  {
    name: "with allowEmptyEntries, a session kept on its old target moves to its entry's new filter: that one is created, the old one goes",
    options: { allowEmptyEntries: true },
    policy: makePolicy({
      targets: { hub: existingTarget('hub', 'tmt-gone') },
      filters: { web: allTraffic('web') },
      vpcs: [entry({ key: 'vpc-a', target: 'hub', filter: 'web' })],
    }),
    regions: [observedRegion({ ...converged, servers: [server('i-1')], sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')] })],
    lines: [
      'us-east-1 delete filter/all: filter all is no longer in the policy',
      'us-east-1 create filter/web: filter web is used by 1 session in us-east-1',
      'us-east-1 filter/web: 2 rule actions',
    ],
  },
  {
    name: 'an owned filter no session uses any more is deleted',
    policy: makePolicy({ exclude: { instanceIds: ['i-1'], networkInterfaceIds: [], tags: {} } }),
    regions: [observedRegion({ ...converged, servers: [server('i-1')], sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')] })],
    lines: ['us-east-1 delete filter/all: no session in us-east-1 uses filter all'],
  },
  {
    name: 'two entries with a filter each: only the filter with sessions stays',
    policy: makePolicy({
      filters: { all: allTraffic('all'), web: allTraffic('web') },
      vpcs: [entry({ key: 'vpc-a' }), entry({ key: 'vpc-b', filter: 'web' })],
    }),
    regions: [
      observedRegion({
        ...converged,
        vpcs: [vpc('vpc-a'), vpc('vpc-b'), vpc('vpc-sensors')],
        filters: [...converged.filters, webFilter],
        servers: [server('i-1'), server('i-2', { vpcId: 'vpc-b', type: 't2.micro' })],
        sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')],
      }),
    ],
    lines: ['us-east-1 delete filter/web: no session in us-east-1 uses filter web'],
  },
  {
    name: 'an entry restricted to another region: the filter goes from this one',
    policy: makePolicy({ regions: BOTH, vpcs: [entry({ key: 'vpc-a', regions: ['us-east-1'] })] }),
    regions: [
      observedRegion({ ...converged, servers: [server('i-1')], sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')] }),
      observedRegion({ filters: converged.filters.map((item) => ({ ...item, id: 'tmf-eu' })), withoutSensor: true }, 'eu-west-1'),
    ],
    lines: ['eu-west-1 delete filter/all: filter all is no longer used by any vpcs entry in eu-west-1'],
  },
];

describe('filters exist only where a session uses them', () => {
  it.each(cases.map((item) => [item.name, item] as const))('%s', (_name, { policy, regions, lines, warnings, options }) => {
    const result = plan(policy, regions, options);
    expect(resourceLines(result)).toEqual(lines);
    for (const code of warnings ?? []) expect(warningCodes(result)).toContain(code);
  });

  it('deletes an unused filter only after the sessions that leave it', () => {
    const result = plan(
      makePolicy({ exclude: { instanceIds: ['i-1'], networkInterfaceIds: [], tags: {} } }),
      observedRegion({ ...converged, servers: [server('i-1')], sessions: [ownedSession('tms-1', 'vpc-a', 'eni-1-0')] }),
    );
    expect(result.actions.map((item) => [item.id, item.action, item.dependsOn])).toEqual([
      ['us-east-1/filter/all', 'delete', ['us-east-1/session/vpc-a/eni-1-0']],
      ['us-east-1/session/vpc-a/eni-1-0', 'delete', []],
    ]);
  });

  it('keeps an unused owned filter another tool’s session still uses, and says why', () => {
    const result = plan(
      makePolicy({ exclude: { instanceIds: ['i-1'], networkInterfaceIds: [], tags: {} } }),
      observedRegion({ ...converged, servers: [server('i-1')], sessions: [observedSession('tms-theirs', 'eni-1-0', { filterId: 'tmf-all' })] }),
    );
    expect(result.actions).toEqual([]);
    expect(result.warnings).toEqual([
      {
        code: 'resource-in-use',
        region: 'us-east-1',
        message: 'filter filter/all (tmf-all) is not deleted (no session in us-east-1 uses filter all): tms-theirs still use it',
      },
    ]);
  });

  it('sessions on a kept filter reference it by id; on a new filter by key, once its rules exist', () => {
    const result = plan(
      makePolicy({ filters: { all: allTraffic('all'), web: allTraffic('web') }, vpcs: [entry({ key: 'vpc-a' }), entry({ key: 'vpc-b', filter: 'web' })] }),
      observedRegion({ ...converged, vpcs: [vpc('vpc-a'), vpc('vpc-b'), vpc('vpc-sensors')], servers: [server('i-1'), server('i-2', { vpcId: 'vpc-b' })] }),
    );
    expect(action(result, 'session/vpc-a/eni-1-0')).toMatchObject({
      after: { filter: { key: 'filter/all', id: 'tmf-all' } },
      dependsOn: [],
    });
    expect(action(result, 'session/vpc-b/eni-2-0')).toMatchObject({
      after: { filter: { key: 'filter/web' } },
      dependsOn: ['us-east-1/filter/web', 'us-east-1/filter/web/egress/100', 'us-east-1/filter/web/ingress/100'],
    });
  });
});
