/**
 * What full discovery reads, against the sandbox: interfaces with their instances (no scan of the region's
 * interfaces, not even of those AWS manages: the instances' `Operator` says which), the selected VPCs'
 * instances alone when a policy selects some (without reading the region's VPCs when it names them by id),
 * and exactly the slice the read-slice property test plans from.
 */
import { paginateDescribeNetworkInterfaces } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { createAwsClients } from '../../src/aws/clients.js';
import { discover } from '../../src/aws/discover/index.js';
import { toNetworkInterface } from '../../src/aws/discover/map-compute.js';
import { planChanges } from '../../src/core/planner/index.js';
import type { ObservedAccount } from '../../src/core/types/observed.js';
import type { Policy } from '../../src/core/types/policy.js';
import { loadPolicyFromString } from '../../src/policy/load.js';
import { createSandbox, generateAccount, generatePolicyFor, type SandboxFile } from '../../src/sandbox/index.js';
import { readSlice } from '../core/read-slice.js';
import { pagesFor } from './helpers/counts.js';

const REGION = 'us-east-1';

function account(): SandboxFile {
  return generateAccount({ seed: 3, regions: [REGION], vpcsPerRegion: 4, instances: 240, mirroredShare: 0.7, foreignShare: 0.2 });
}

/** The generated policy, narrowed to some VPCs by id, or selecting them by a tag of theirs. */
function policyFor(file: SandboxFile, select: (vpcs: readonly string[]) => unknown[]): Policy {
  const text = generatePolicyFor(file);
  const vpcIds = (file.regions[REGION]?.vpcs ?? []).map((vpc) => vpc.id);
  const entries = select(vpcIds);
  const start = text.indexOf('vpcs:\n');
  const end = text.indexOf('exclude:');
  const yaml = `${text.slice(0, start)}vpcs: ${JSON.stringify(entries)}\n${text.slice(end)}`;
  const { policy, diagnostics } = loadPolicyFromString(yaml, 'narrowed.yaml');
  if (policy === undefined) throw new Error(diagnostics.map((item) => item.message).join('; '));
  return policy;
}

/** The policy's sessions only in `vpcId`: the other VPCs are other teams' (another tool's sessions stay). */
function mirroredOnlyIn(file: SandboxFile, vpcId: string): void {
  const region = file.regions[REGION];
  if (region === undefined) return;
  const vpcOfSubnet = new Map((region.subnets ?? []).map((subnet) => [subnet.id, subnet.vpcId]));
  const vpcOfInterface = new Map((region.instances ?? []).flatMap((instance) => instance.interfaces.map((eni) => [eni.id, vpcOfSubnet.get(instance.subnetId)])));
  region.trafficMirrorSessions = (region.trafficMirrorSessions ?? []).filter(
    (session) => session.tags?.['mirrorctl:policy'] !== 'generated' || vpcOfInterface.get(session.networkInterfaceId) === vpcId,
  );
}

const entry = (id: string) => ({ id, target: `sensor-nlb-${REGION}`, filter: 'all-traffic', interfaces: 'all' });

/** Reads the account with its own clients, recording the order of the EC2 calls. */
async function read(file: SandboxFile, options: { policy?: Policy; pageSize?: number } = {}) {
  const sandbox = createSandbox(file, options.pageSize === undefined ? {} : { pageSize: options.pageSize });
  const clients = createAwsClients({ sandbox });
  const order: string[] = [];
  clients.ec2(REGION).middlewareStack.add(
    (next, context) => (args) => {
      order.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'recordOrder' },
  );
  const observed = await discover(clients, { regions: [REGION], ...(options.policy === undefined ? {} : { policy: options.policy }) });
  const calls = { ...sandbox.calls.byAction };
  // Everything the old full scan saw: the interfaces no read names, too.
  const all: ReturnType<typeof toNetworkInterface>[] = [];
  for await (const page of paginateDescribeNetworkInterfaces({ client: clients.ec2(REGION), pageSize: 1000 }, {})) all.push(...(page.NetworkInterfaces ?? []).map(toNetworkInterface));
  const everything: ObservedAccount = {
    ...observed,
    regions: observed.regions.map((region) => ({ ...region, networkInterfaces: all.sort((a, b) => (a.id < b.id ? -1 : 1)) })),
  };
  return { observed, everything, calls, order };
}

describe('discovery reads', () => {
  it('takes interfaces from the instances, reading apart only those sessions name (and, for a snapshot, those AWS manages)', async () => {
    const file = account();
    // A detached interface that still carries one of the policy's sessions, and one that nothing names.
    const region = file.regions[REGION];
    const owned = region?.trafficMirrorSessions?.find((session) => session.tags?.['mirrorctl:policy'] === 'generated');
    const subnet = region?.subnets?.[0]?.id ?? '';
    region?.networkInterfaces?.push({ id: 'eni-0000000000000d0d0', subnetId: subnet }, { id: 'eni-0000000000000d0d1', subnetId: subnet });
    if (owned !== undefined) region?.trafficMirrorSessions?.push({ ...owned, id: 'tms-0000000000000d0d0', networkInterfaceId: 'eni-0000000000000d0d0' });

    const { observed, everything, calls } = await read(file);

    const ids = observed.regions[0]?.networkInterfaces.map((eni) => eni.id) ?? [];
    expect(ids).toContain('eni-0000000000000d0d0');
    expect(ids).not.toContain('eni-0000000000000d0d1');
    expect(observed).toEqual(readSlice(everything, undefined));
    // Without a policy (a snapshot of the account): the interfaces AWS manages, then the detached interface by id.
    expect(calls['DescribeNetworkInterfaces']).toBe(2);

    // A plan reads no interface AWS manages that no instance lists (a load balancer's): they are never sources.
    const { policy } = loadPolicyFromString(generatePolicyFor(file), 'generated.yaml');
    const planned = await read(file, { ...(policy === undefined ? {} : { policy }) });
    expect(planned.observed.regions[0]?.networkInterfaces.filter((eni) => eni.requesterManaged && eni.attachment === undefined)).toEqual([]);
    expect(planned.observed).toEqual(readSlice(planned.everything, policy));
  });

  it("reads only the instances of the VPCs a policy's entries name, and the slice the planner needs", async () => {
    const file = account();
    const policy = policyFor(file, (vpcs) => [entry(vpcs[1] ?? '')]);
    mirroredOnlyIn(file, policy.vpcs[0]?.key ?? '');
    const selected = (file.regions[REGION]?.instances ?? []).filter((instance) =>
      file.regions[REGION]?.subnets?.some((subnet) => subnet.id === instance.subnetId && subnet.vpcId === policy.vpcs[0]?.key),
    );

    const narrow = await read(file, { policy, pageSize: 20 });
    const whole = await read(file, { pageSize: 20 });

    expect(narrow.observed.regions[0]?.instances.filter((instance) => instance.vpcId === policy.vpcs[0]?.key)).toHaveLength(selected.length);
    expect(narrow.observed).toEqual(readSlice(whole.everything, policy));
    // The selected VPC's pages only: the policy has no session elsewhere, another tool's sessions need no read.
    expect(narrow.calls['DescribeInstances']).toBe(pagesFor(selected.length, 20));
    expect(whole.calls['DescribeInstances']).toBe(pagesFor(240, 20));
    // The entry names its VPC: the region's VPCs are not read, and instances are read from the first call.
    expect(narrow.calls).not.toHaveProperty('DescribeVpcs');
    expect(narrow.order[0]).not.toBe('DescribeVpcs');
    expect(narrow.observed.regions[0]?.vpcs).toEqual([{ id: policy.vpcs[0]?.key, tags: {} }]);
  });

  it('resolves VPCs selected by tag before reading their instances', async () => {
    const file = account();
    const vpc = file.regions[REGION]?.vpcs?.[2];
    if (vpc === undefined) throw new Error('no VPC');
    vpc.tags = { ...vpc.tags, mirror: 'yes' };
    mirroredOnlyIn(file, vpc.id);
    const policy = policyFor(file, () => [{ tags: { mirror: 'yes' }, target: `sensor-nlb-${REGION}`, filter: 'all-traffic' }]);

    const narrow = await read(file, { policy });
    const whole = await read(file);

    expect(new Set(narrow.observed.regions[0]?.instances.map((instance) => instance.vpcId))).toEqual(new Set([vpc.id]));
    expect(narrow.observed).toEqual(readSlice(whole.everything, policy));
    expect(narrow.order.indexOf('DescribeVpcs')).toBeLessThan(narrow.order.indexOf('DescribeInstances'));
  });

  it("reads none of the region's instances when the policy's VPC is not there, and still its sessions' interfaces", async () => {
    const file = account();
    const policy = policyFor(file, () => [entry('vpc-0000000000000dead')]);

    const narrow = await read(file, { policy });
    const whole = await read(file);

    expect(narrow.observed).toEqual(readSlice(whole.everything, policy));
    // No instance is in the named VPC: it is looked up by id, and found missing.
    expect(narrow.calls['DescribeVpcs']).toBe(1);
    expect(narrow.observed.regions[0]?.vpcs).toEqual([]);
    const sessions = narrow.observed.regions[0]?.sessions.filter((session) => session.tags['mirrorctl:policy'] === 'generated') ?? [];
    expect(sessions.length).toBeGreaterThan(0);
    const interfaces = new Set(narrow.observed.regions[0]?.networkInterfaces.map((eni) => eni.id));
    for (const session of sessions) expect(interfaces.has(session.networkInterfaceId)).toBe(true);
    // Only the instances those interfaces are attached to, by id: the policy deletes those sessions.
    const owners = new Set(narrow.observed.regions[0]?.networkInterfaces.flatMap((eni) => (eni.attachment?.instanceId === undefined ? [] : [eni.attachment.instanceId])));
    expect(narrow.observed.regions[0]?.instances.every((instance) => owners.has(instance.id))).toBe(true);
  });

  it("takes the caller's account from STS when given: a region may have no instance to read", async () => {
    const sandbox = createSandbox({ version: 1, accountId: '111122223333', regions: {} });
    const observed = await discover(createAwsClients({ sandbox }), { regions: [REGION], accountId: '111122223333' });
    expect(observed.accountId).toBe('111122223333');
  });

  it('asks for instance-type facts as soon as a page names types, not after the last page', async () => {
    const { order } = await read(account(), { pageSize: 20 });

    const firstTypes = order.indexOf('DescribeInstanceTypes');
    const lastInstances = order.lastIndexOf('DescribeInstances');
    expect(firstTypes).toBeGreaterThan(-1);
    expect(firstTypes).toBeLessThan(lastInstances);
  });
});

describe('interfaces an AWS service manages', () => {
  const subnetId = 'subnet-0000000000000000a';
  const file: SandboxFile = {
    version: 1,
    accountId: '111122223333',
    regions: {
      [REGION]: {
        vpcs: [{ id: 'vpc-0000000000000000a' }, { id: 'vpc-0000000000000000e', tags: { Name: 'empty' } }],
        subnets: [{ id: subnetId, vpcId: 'vpc-0000000000000000a', az: 'us-east-1a' }],
        instances: [
          {
            id: 'i-0000000000000000a',
            type: 'm5.large',
            state: 'running',
            subnetId,
            interfaces: [
              { id: 'eni-0000000000000000a', deviceIndex: 0 },
              // A service's interface on the account's own instance.
              { id: 'eni-0000000000000000b', deviceIndex: 1, requesterManaged: true },
            ],
          },
          // An instance a service runs in the account (EKS Auto Mode): it and its interfaces are the service's.
          { id: 'i-0000000000000000b', type: 'm5.large', state: 'running', subnetId, operator: 'eks.amazonaws.com', interfaces: [{ id: 'eni-0000000000000000c', deviceIndex: 0 }] },
        ],
        networkInterfaces: [{ id: 'eni-0000000000000000f', subnetId, description: 'sensor' }],
        trafficMirrorTargets: [{ id: 'tmt-0000000000000000a', networkInterfaceId: 'eni-0000000000000000f' }],
      },
    },
  };
  const policyText = `version: 1
name: svc
regions: [${REGION}]
targets:
  sensor: { trafficMirrorTargetId: tmt-0000000000000000a }
filters:
  all:
    ingress: [{ number: 100, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }]
    egress: [{ number: 100, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }]
vpcs:
  - { id: vpc-0000000000000000a, target: sensor, filter: all, interfaces: all }
  - { id: vpc-0000000000000000e, target: sensor, filter: all }
`;

  it('are told by DescribeInstances (Operator), skipped as requester-managed, with no interface read', async () => {
    const { policy, diagnostics } = loadPolicyFromString(policyText, 'svc.yaml');
    if (policy === undefined) throw new Error(diagnostics.map((item) => item.message).join('; '));
    const sandbox = createSandbox(file);
    const observed = await discover(createAwsClients({ sandbox }), { regions: [REGION], policy });

    const managed = observed.regions[0]?.networkInterfaces.filter((eni) => eni.requesterManaged).map((eni) => eni.id);
    expect(managed).toEqual(['eni-0000000000000000b', 'eni-0000000000000000c']);
    const plan = planChanges(policy, observed);
    const skipped = plan.skipped.filter((item) => item.reason === 'requester-managed').map((item) => item.networkInterfaceId);
    expect(skipped).toEqual(['eni-0000000000000000b', 'eni-0000000000000000c']);
    expect(plan.actions.filter((action) => action.type === 'session').map((action) => action.key)).toEqual(['session/vpc-0000000000000000a/eni-0000000000000000a']);
    // The target's interface by id; no scan of the region's interfaces. The VPC without instances is looked
    // up by id: it exists, so its entry is no mistake (no vpc-not-found).
    expect(sandbox.calls.byAction).toMatchObject({ DescribeNetworkInterfaces: 1, DescribeVpcs: 1 });
    expect(observed.regions[0]?.vpcs).toEqual([
      { id: 'vpc-0000000000000000a', tags: {} },
      { id: 'vpc-0000000000000000e', tags: { Name: 'empty' } },
    ]);
    expect(plan.warnings.map((warning) => warning.code)).not.toContain('vpc-not-found');
  });
});
