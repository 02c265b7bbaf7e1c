/**
 * The heal use case on the sandbox, event by event: what it creates, restores and removes, what it ignores,
 * what it costs, and what it does when reads or writes fail.
 */
import {
  CreateTagsCommand,
  CreateTrafficMirrorSessionCommand,
  DeleteTrafficMirrorSessionCommand,
  ModifyTrafficMirrorSessionCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { apiCall, collector, eniId, instance, instanceId, items, range, REGION, schedule, sessionsOf, stateChange, world } from './helpers.js';

// Another principal's calls (a user, another tool), on the same account but not through the healer's clients.
const ec2 = (w: ReturnType<typeof world>) => w.sandbox.ec2(REGION);

describe('an instance starts running', () => {
  it('gets its session, and the target, filter and rules are created first when missing', async () => {
    const w = world(range(1, 3).map((n) => instance(n)));
    const host = collector();
    const verdicts = await w.healer().heal(items(stateChange(instanceId(2), 'running')), host);

    expect(verdicts).toEqual([{ item: expect.any(String), verdict: 'healed', reason: '1 action(s) done' }]);
    expect(sessionsOf(w.sandbox).map((session) => session.eni)).toEqual([eniId(2)]);
    expect(host.of('action').map((message) => `${message.action} ${message.key} ${message.result}`)).toEqual([
      'create target/sensors done',
      'create filter/everything done',
      'create filter/everything/egress/100 done',
      'create filter/everything/ingress/100 done',
      `create session/${'vpc-0000000a'}/${eniId(2)} done`,
    ]);
    const created = host.of('action').find((message) => message.resourceType === 'session');
    expect(created).toMatchObject({ instanceId: instanceId(2), networkInterfaceId: eniId(2), requestId: expect.any(String) });
    expect(created?.healLatencyMs).toBeGreaterThanOrEqual(0);
    expect(host.of('aws-call').map((call) => call.operation)).toContain('CreateTrafficMirrorSession');
  });

  it(`heals in 6 API calls once the target and filter exist (and the container is warm)`, async () => {
    const w = world(range(1, 3).map((n) => instance(n)));
    const healer = w.healer();
    // The first creates the target and filter, the next reads them afresh and keeps the filter's id.
    await healer.heal(items(stateChange(instanceId(1), 'running')), collector());
    await healer.heal(items(stateChange(instanceId(3), 'running')), collector());
    w.sandbox.calls.reset();

    await healer.heal(items(stateChange(instanceId(2), 'running')), collector());
    expect(w.sandbox.calls.byAction).toEqual({
      DescribeInstances: 1,
      DescribeNetworkInterfaces: 1,
      DescribeTrafficMirrorTargets: 1,
      // The sessions on the interface, then the new session read back: a ClientToken replays a session deleted
      // since with the same content, and only a read tells the two apart.
      DescribeTrafficMirrorSessions: 2,
      CreateTrafficMirrorSession: 1,
    });
    expect(w.sandbox.calls.total()).toBe(6);
  });

  it('on a cold start adds STS, the instance type and the load balancer reads', async () => {
    const w = world(range(1, 3).map((n) => instance(n)));
    await w.healer().heal(items(stateChange(instanceId(1), 'running')), collector());
    const cold = w.healer();
    w.sandbox.calls.reset();
    await cold.heal(items(stateChange(instanceId(2), 'running')), collector());
    expect(w.sandbox.calls.byAction).toMatchObject({
      GetCallerIdentity: 1,
      DescribeInstanceTypes: 1,
      DescribeTrafficMirrorFilters: 1,
      DescribeListeners: 1,
      DescribeTargetGroups: 1,
    });
    expect(w.sandbox.calls.total()).toBe(11);
  });

  it('a duplicate event finds nothing to do', async () => {
    const w = world([instance(1)]);
    const healer = w.healer();
    const event = stateChange(instanceId(1), 'running');
    await healer.heal(items(event), collector());
    const again = await healer.heal(items(event), collector());
    expect(again[0]).toMatchObject({ verdict: 'healed', reason: 'nothing to change' });
    expect(sessionsOf(w.sandbox)).toHaveLength(1);
  });

  it('an instance EC2 does not list yet is retried while the event is recent, and taken as gone after', async () => {
    const w = world([instance(1)]);
    const healer = w.healer();
    const recent = await healer.heal(items(stateChange('i-0000beef', 'running')), collector());
    expect(recent[0]).toMatchObject({ verdict: 'retry', reason: 'i-0000beef not visible yet (eventual consistency)' });
    const old = await healer.heal(items(stateChange('i-0000beef', 'running', '2020-01-01T00:00:00Z')), collector());
    expect(old[0]).toMatchObject({ verdict: 'healed', reason: 'nothing to change' });
    expect(w.sandbox.calls.mutating()).toBe(0);
  });
});

describe('stopped and terminated instances', () => {
  it('a stopped instance keeps its sessions, as apply decides', async () => {
    const w = world([instance(1)]);
    const healer = w.healer();
    await healer.heal(items(stateChange(instanceId(1), 'running')), collector());
    w.sandbox.stopInstance(REGION, instanceId(1));
    const host = collector();
    await healer.heal(items(stateChange(instanceId(1), 'stopped')), host);
    expect(sessionsOf(w.sandbox)).toHaveLength(1);
    expect(host.of('skipped-interface')).toMatchObject([{ networkInterfaceId: eniId(1), reason: 'instance-not-running' }]);
  });

  it("a terminated instance's detached interface loses its session; AWS took the others with their interface", async () => {
    const w = world([{ ...instance(1), interfaces: [{ id: eniId(1), deviceIndex: 0 }, { id: 'eni-0000001b', deviceIndex: 1 }] }, instance(2)]);
    const healer = w.healer();
    await healer.heal(items(stateChange(instanceId(1), 'running'), stateChange(instanceId(2), 'running')), collector());
    expect(sessionsOf(w.sandbox)).toHaveLength(3);
    w.sandbox.terminateInstance(REGION, instanceId(1));
    expect(sessionsOf(w.sandbox).map((session) => session.eni).sort()).toEqual([eniId(2), 'eni-0000001b']);

    const host = collector();
    const verdicts = await healer.heal(items(stateChange(instanceId(1), 'terminated')), host);
    expect(verdicts[0]?.verdict).toBe('healed');
    expect(sessionsOf(w.sandbox).map((session) => session.eni)).toEqual([eniId(2)]);
    expect(host.of('action')).toMatchObject([{ action: 'delete', networkInterfaceId: 'eni-0000001b', result: 'done' }]);
  });
});

describe('tags and tampering', () => {
  it('an exclusion tag added to an instance removes its sessions', async () => {
    const w = world(range(1, 2).map((n) => instance(n)));
    const healer = w.healer();
    await healer.heal(items(stateChange(instanceId(1), 'running'), stateChange(instanceId(2), 'running')), collector());
    await ec2(w).send(new CreateTagsCommand({ Resources: [instanceId(1)], Tags: [{ Key: 'mirroring', Value: 'excluded' }] }));
    const tagged = apiCall('CreateTags', {
      resourcesSet: { items: [{ resourceId: instanceId(1) }] },
      tagSet: { items: [{ key: 'mirroring', value: 'excluded' }] },
    });
    await healer.heal(items(tagged), collector());
    expect(sessionsOf(w.sandbox).map((session) => session.eni)).toEqual([eniId(2)]);
  });

  it('a modified session is changed back; a deleted one is re-created by the full reconcile; a foreign session is never touched', async () => {
    const w = world(range(1, 3).map((n) => instance(n)));
    const healer = w.healer();
    await healer.heal(items(schedule()), collector());
    const [first, second] = sessionsOf(w.sandbox);
    if (first === undefined || second === undefined) throw new Error('the reconcile made no sessions');
    // Another tool's session on an interface mirrorctl taps: left exactly as it is.
    const region = w.sandbox.toFile().regions[REGION];
    const foreign = await ec2(w).send(
      new CreateTrafficMirrorSessionCommand({
        NetworkInterfaceId: eniId(3),
        TrafficMirrorTargetId: region?.trafficMirrorTargets?.[0]?.id ?? '',
        TrafficMirrorFilterId: region?.trafficMirrorFilters?.[0]?.id ?? '',
        SessionNumber: 2,
        PacketLength: 100,
      }),
    );

    await ec2(w).send(new ModifyTrafficMirrorSessionCommand({ TrafficMirrorSessionId: first.id, PacketLength: 64 }));
    await ec2(w).send(new DeleteTrafficMirrorSessionCommand({ TrafficMirrorSessionId: second.id }));
    const modified = apiCall('ModifyTrafficMirrorSession', { ModifyTrafficMirrorSessionRequest: { TrafficMirrorSessionId: first.id, PacketLength: 64 } });
    const deleted = apiCall('DeleteTrafficMirrorSession', { DeleteTrafficMirrorSessionRequest: { TrafficMirrorSessionId: second.id } });

    const host = collector();
    await healer.heal(items(modified), host);
    expect(host.of('action')).toMatchObject([{ action: 'update', networkInterfaceId: first.eni, result: 'done' }]);
    await healer.heal(items(deleted), collector());

    const after = sessionsOf(w.sandbox);
    // Back to no packet length: the whole packet (AWS reports 8500 for a load balancer target).
    expect(after.find((session) => session.id === first.id)).not.toHaveProperty('packetLength');
    expect(after.filter((session) => session.policy !== undefined).map((session) => session.eni).sort()).toEqual([eniId(1), eniId(2), eniId(3)]);
    expect(after.find((session) => session.id === foreign.TrafficMirrorSession?.TrafficMirrorSessionId)).toEqual({
      id: foreign.TrafficMirrorSession?.TrafficMirrorSessionId,
      eni: eniId(3),
      number: 2,
      packetLength: 100,
    });
  });
});

describe('what is ignored', () => {
  it("failed calls and the healer's own calls change nothing and read nothing", async () => {
    const w = world([instance(1)]);
    const healer = w.healer();
    await healer.heal(items(stateChange(instanceId(1), 'running')), collector());
    w.sandbox.calls.reset();
    const own = apiCall('DeleteTrafficMirrorSession', { DeleteTrafficMirrorSessionRequest: { TrafficMirrorSessionId: 'tms-0' } }, { callerRole: 'mirrorctl-healer' });
    const failed = apiCall('AttachNetworkInterface', { networkInterfaceId: eniId(1) }, { errorCode: 'Client.UnauthorizedOperation' });
    const host = collector();
    const verdicts = await healer.heal(items(own, failed), host);
    expect(verdicts.map((verdict) => [verdict.verdict, verdict.reason])).toEqual([
      ['ignored', 'own-call'],
      ['ignored', 'failed-call'],
    ]);
    expect(w.sandbox.calls.total()).toBe(0);
  });
});

describe('failures', () => {
  it('a refused read changes nothing; a permanent refusal is reported once and not retried', async () => {
    const w = world([instance(1)], { file: { deniedActions: ['ec2:DescribeTrafficMirrorSessions'] } });
    const host = collector();
    const verdicts = await w.healer().heal(items(stateChange(instanceId(1), 'running')), host);
    expect(w.sandbox.calls.mutating()).toBe(0);
    expect(verdicts[0]).toMatchObject({ verdict: 'failed', reason: expect.stringContaining('UnauthorizedOperation') });
    expect(host.of('read-failed')).toMatchObject([{ code: 'UnauthorizedOperation', retryable: false }]);
  });

  it('a read that fails for a moment changes nothing and is retried', async () => {
    // A bucket so small that EC2 throttles every call (STS is not throttled), and readers that do not retry.
    const w = world([instance(1)], { simulator: { throttle: { factor: 0.001 } }, readerAttempts: 1 });
    const host = collector();
    const verdicts = await w.healer().heal(items(stateChange(instanceId(1), 'running')), host);
    expect(verdicts[0]).toMatchObject({ verdict: 'retry', reason: expect.stringContaining('RequestLimitExceeded') });
    expect(host.of('read-failed')).toHaveLength(1);
    expect(sessionsOf(w.sandbox)).toEqual([]);
  });

  it('AWS refusing a session for good (an unsupported type the policy allowed) fails the item without retrying it', async () => {
    const policy = (await import('./helpers.js')).POLICY_YAML.replace('exclude:', 'instanceSupport: { allow: [t2] }\nexclude:');
    const w = world([instance(1, 't2.micro')], { policy });
    const host = collector();
    const verdicts = await w.healer().heal(items(stateChange(instanceId(1), 'running')), host);
    expect(verdicts[0]).toMatchObject({ verdict: 'failed', reason: '1 action(s) failed for good: NetworkInterfaceNotSupported' });
    expect(host.of('action').find((message) => message.resourceType === 'session')).toMatchObject({
      result: 'failed',
      errorCode: 'NetworkInterfaceNotSupported',
      retryable: false,
    });
  });

  it('an invalid policy fails every invocation with its located diagnostics', async () => {
    const w = world([instance(1)], { policy: 'version: 1\nname: broken\nregions: [eu-west-1]\nvpcs: [{ id: vpc-0000000a, target: nowhere, filter: none }]\n' });
    const healer = w.healer();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const host = collector();
      await expect(healer.heal(items(stateChange(instanceId(1), 'running')), host)).rejects.toThrow(/is not a valid policy/);
      expect(host.of('policy-invalid')[0]?.diagnostics[0]?.location).toMatch(/mirror\.config\.yaml:4:\d+$/);
    }
    expect(w.sandbox.calls.total()).toBe(0);
  });
});
