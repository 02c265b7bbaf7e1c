/**
 * What full discovery reads, against the sandbox: interfaces with their instances (no scan of the region's
 * interfaces), the selected VPCs' instances alone when a policy selects some, and exactly the slice the
 * read-slice property test plans from.
 */
import { paginateDescribeNetworkInterfaces } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { createAwsClients } from '../../src/aws/clients.js';
import { discover } from '../../src/aws/discover/index.js';
import { toNetworkInterface } from '../../src/aws/discover/map-compute.js';
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
  it('takes interfaces from the instances, reading apart only those AWS manages and those sessions name', async () => {
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
    // The requester-managed read, then the detached interface by id.
    expect(calls['DescribeNetworkInterfaces']).toBe(2);
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
