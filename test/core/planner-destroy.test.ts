import { describe, expect, it } from 'vitest';
import { convergedSensor, makePolicy, observedFilter, observedRegion, observedSession, observedTarget, owned, ownedSession, server } from './builders.js';
import { plan } from './plan-helpers.js';

const converged = convergedSensor();

describe('destroy', () => {
  it('deletes what the policy owns, sessions first, and nothing foreign', () => {
    const result = plan(
      makePolicy(),
      observedRegion({
        targets: [...converged.targets, observedTarget('tmt-theirs', { tags: { team: 'x' } }), observedTarget('tmt-staging', { tags: owned('target/sensor', 'staging') })],
        filters: [...converged.filters, observedFilter('tmf-theirs')],
        servers: [server('i-1'), server('i-2')],
        sessions: [
          ownedSession('tms-1', 'vpc-a', 'eni-1-0'),
          ownedSession('tms-2', 'gone-entry', 'eni-2-0'),
          observedSession('tms-theirs', 'eni-1-0', { targetId: 'tmt-theirs', filterId: 'tmf-theirs', sessionNumber: 2 }),
        ],
      }),
      { mode: 'destroy' },
    );
    expect(result.mode).toBe('destroy');
    expect(result.actions.map((item) => [item.id, item.action, item.resourceId, item.dependsOn])).toEqual([
      ['us-east-1/target/sensor', 'delete', 'tmt-sensor', ['us-east-1/session/gone-entry/eni-2-0', 'us-east-1/session/vpc-a/eni-1-0']],
      ['us-east-1/filter/all', 'delete', 'tmf-all', ['us-east-1/session/gone-entry/eni-2-0', 'us-east-1/session/vpc-a/eni-1-0']],
      ['us-east-1/session/gone-entry/eni-2-0', 'delete', 'tms-2', []],
      ['us-east-1/session/vpc-a/eni-1-0', 'delete', 'tms-1', []],
    ]);
    expect(result.actions.every((item) => item.reason === 'destroy: owned by policy prod')).toBe(true);
    expect(result.skipped).toEqual([]);
    expect(result.summary).toEqual({ create: 0, update: 0, delete: 4 });
    expect(result.cost.byRegion[0]).toMatchObject({ sessionsBefore: 3, sessionsAfter: 1 });
  });

  it('leaves an owned filter that another tool still uses, with a warning', () => {
    const result = plan(
      makePolicy(),
      observedRegion({ ...converged, sessions: [observedSession('tms-theirs', 'eni-x', { filterId: 'tmf-all' })] }),
      { mode: 'destroy' },
    );
    expect(result.actions.map((item) => item.id)).toEqual(['us-east-1/target/sensor']);
    expect(result.warnings).toEqual([
      { code: 'resource-in-use', region: 'us-east-1', message: 'filter filter/all (tmf-all) is not deleted: tms-theirs, not owned by policy prod, still use it' },
    ]);
  });

  it('only touches the regions asked for', () => {
    const policy = makePolicy({ regions: ['us-east-1', 'eu-west-1'] });
    const result = plan(policy, [observedRegion(converged), observedRegion({ ...converged, withoutSensor: true }, 'eu-west-1')], {
      mode: 'destroy',
      regions: ['eu-west-1'],
    });
    expect(result.regions).toEqual(['eu-west-1']);
    expect(result.actions.map((item) => item.id)).toEqual(['eu-west-1/target/sensor', 'eu-west-1/filter/all']);
  });
});
