import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isOwnCall, parseEvent, triggerOf, type TriggerContext } from '../../src/events/index.js';
import { loadPolicyOrThrow } from '../../src/policy/load.js';

const fixture = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(new URL(`../../examples/events/${name}`, import.meta.url), 'utf8'));

const HEALER = { accountId: '123456789012', arn: 'arn:aws:sts::123456789012:assumed-role/mirrorctl-healer/mirrorctl-heal' };
let context: TriggerContext;
const trigger = (event: unknown, overrides: Partial<TriggerContext> = {}) => triggerOf(parseEvent(event), { ...context, ...overrides });

beforeAll(async () => {
  const { policy } = await loadPolicyOrThrow('examples/sandbox/mirror.config.yaml');
  context = { policy, self: HEALER, defaultRegion: 'us-east-1' };
});

describe('what an event asks for', () => {
  it('a state change: the instance, and on termination the interfaces it left detached', () => {
    expect(trigger(fixture('instance-running.json'))).toEqual({
      kind: 'scope',
      region: 'us-east-1',
      why: 'i-0e1a9d0c4b7f21003 is running',
      instanceIds: ['i-0e1a9d0c4b7f21003'],
      interfaceIds: [],
      sessionIds: [],
      detached: false,
    });
    expect(trigger(fixture('instance-stopped.json'))).toMatchObject({ kind: 'scope', instanceIds: ['i-0e1a9d0c4b7f21006'], detached: false });
    expect(trigger(fixture('instance-terminated.json'))).toMatchObject({ kind: 'scope', instanceIds: ['i-0e1a9d0c4b7f21004'], detached: true });
  });

  it('interface calls: the attached interface; a detach names only its attachment', () => {
    expect(trigger(fixture('attach-network-interface.json'))).toMatchObject({ kind: 'scope', interfaceIds: ['eni-0e1a9d0c4b7f22006'] });
    expect(trigger(fixture('detach-network-interface.json'))).toMatchObject({ kind: 'scope', interfaceIds: [], detached: true });
  });

  it('tags: only keys the policy selects by, on instances; on VPCs they change what is tapped', () => {
    expect(trigger(fixture('create-tags-exclude.json'))).toMatchObject({ kind: 'scope', instanceIds: ['i-0e1a9d0c4b7f21005'] });
    expect(trigger(fixture('delete-tags.json'))).toMatchObject({ kind: 'scope', instanceIds: ['i-0e1a9d0c4b7f21005'] });
    const event = fixture('create-tags-exclude.json');
    event['detail'].requestParameters.tagSet.items = [{ key: 'Name', value: 'db-1' }];
    expect(trigger(event)).toMatchObject({ kind: 'ignore', reason: 'tags-not-used-by-policy' });
    event['detail'].requestParameters = {
      resourcesSet: { items: [{ resourceId: 'vpc-0e1a9d0c4b7f20001' }] },
      tagSet: { items: [{ key: 'mirroring', value: 'enabled' }] },
    };
    expect(trigger(event)).toMatchObject({ kind: 'reconcile', region: 'us-east-1' });
    // DeleteTags without a tag list deletes them all, the policy's included.
    event['detail'].eventName = 'DeleteTags';
    event['detail'].requestParameters = { resourcesSet: { items: [{ resourceId: 'i-0e1a9d0c4b7f21001' }] } };
    expect(trigger(event)).toMatchObject({ kind: 'scope', instanceIds: ['i-0e1a9d0c4b7f21001'] });
  });

  it('tampering: a modified session is looked up by id; deletions of sessions, targets, filters and rules need a full run', () => {
    expect(trigger(fixture('modify-traffic-mirror-session.json'))).toMatchObject({ kind: 'scope', sessionIds: ['tms-0123456789abcdef0'] });
    for (const name of [
      'delete-traffic-mirror-session.json',
      'delete-traffic-mirror-target.json',
      'delete-traffic-mirror-filter.json',
      'delete-traffic-mirror-filter-rule.json',
    ]) {
      expect(trigger(fixture(name)), name).toMatchObject({ kind: 'reconcile', region: 'us-east-1' });
    }
  });

  it('schedules: the full reconcile of the event region, or of the function region when it names none', () => {
    expect(trigger(fixture('scheduled-event.json'))).toEqual({ kind: 'reconcile', region: 'us-east-1', why: 'scheduled reconcile' });
    expect(trigger(fixture('scheduler-reconcile.json'), { defaultRegion: 'eu-west-1' })).toMatchObject({ kind: 'reconcile', region: 'eu-west-1' });
    expect(trigger(fixture('scheduler-reconcile.json'), { defaultRegion: undefined })).toMatchObject({ kind: 'ignore', reason: 'region-unknown' });
  });
});

describe('what is ignored, and why', () => {
  it('failed calls', () => {
    expect(trigger(fixture('create-traffic-mirror-session-failed.json'))).toMatchObject({
      kind: 'ignore',
      reason: 'failed-call',
      detail: 'CreateTrafficMirrorSession failed (Client.NetworkInterfaceNotSupported): nothing changed',
    });
  });

  it("the healer's own calls, recognised by the role its session was issued from", () => {
    const own = fixture('delete-traffic-mirror-session.json');
    own['detail'].userIdentity.arn = 'arn:aws:sts::123456789012:assumed-role/mirrorctl-healer/mirrorctl-heal';
    own['detail'].userIdentity.sessionContext.sessionIssuer.arn = 'arn:aws:iam::123456789012:role/service/mirrorctl-healer';
    expect(trigger(own)).toMatchObject({ kind: 'ignore', reason: 'own-call' });
  });

  it('events of other accounts and of regions the policy does not list', () => {
    expect(trigger({ ...fixture('instance-running.json'), account: '999999999999' })).toMatchObject({ kind: 'ignore', reason: 'other-account' });
    expect(trigger({ ...fixture('instance-running.json'), region: 'ap-south-1' })).toMatchObject({ kind: 'ignore', reason: 'region-not-in-policy' });
  });

  it('calls mirrorctl does not react to, and events it cannot read', () => {
    const event = fixture('attach-network-interface.json');
    event['detail'].eventName = 'RebootInstances';
    expect(trigger(event)).toMatchObject({ kind: 'ignore', reason: 'event-not-handled' });
    expect(trigger({ nothing: true })).toMatchObject({ kind: 'ignore', reason: 'unrecognised-event' });
  });

  it('a handled call whose parameters are not where AWS puts them: the full run, rather than missing a change', () => {
    const event = fixture('attach-network-interface.json');
    event['detail'].requestParameters = {};
    expect(trigger(event)).toMatchObject({ kind: 'reconcile', why: 'AttachNetworkInterface named no interface' });
  });
});

describe('isOwnCall', () => {
  const role = 'arn:aws:sts::123456789012:assumed-role/mirrorctl-healer/fn';
  it('matches the issuing role by account and name, whatever its path', () => {
    const self = { accountId: '123456789012', arn: role };
    expect(isOwnCall({ issuerArn: 'arn:aws:iam::123456789012:role/a/b/mirrorctl-healer' }, self)).toBe(true);
    expect(isOwnCall({ issuerArn: 'arn:aws:iam::123456789012:role/mirrorctl-healer-2' }, self)).toBe(false);
    expect(isOwnCall({ issuerArn: 'arn:aws:iam::210987654321:role/mirrorctl-healer' }, self)).toBe(false);
    expect(isOwnCall({ arn: 'arn:aws:sts::123456789012:assumed-role/mirrorctl-healer/other' }, self)).toBe(true);
  });

  it('matches a user by its ARN', () => {
    const self = { accountId: '123456789012', arn: 'arn:aws:iam::123456789012:user/ci' };
    expect(isOwnCall({ arn: 'arn:aws:iam::123456789012:user/ci' }, self)).toBe(true);
    expect(isOwnCall({ arn: 'arn:aws:iam::123456789012:user/alice' }, self)).toBe(false);
  });
});
