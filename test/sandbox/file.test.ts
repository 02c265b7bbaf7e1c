import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTrafficMirrorFilterCommand, CreateTrafficMirrorSessionCommand } from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isUserError, type UserError } from '../../src/core/errors.js';
import {
  createSandbox,
  parseSandboxFile,
  readSandboxFile,
  validateSandboxFile,
  writeSandboxFile,
  type SandboxFile,
} from '../../src/sandbox/index.js';
import { FILTER, REGION, smallAccount, TARGET, webInterface } from './fixture.js';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'mirrorctl-sandbox-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function changedAccount(): Promise<SandboxFile> {
  const sandbox = createSandbox(smallAccount());
  const ec2 = sandbox.ec2(REGION);
  await ec2.send(new CreateTrafficMirrorFilterCommand({ Description: 'new', ClientToken: 'filter-token' }));
  await ec2.send(
    new CreateTrafficMirrorSessionCommand({
      NetworkInterfaceId: webInterface(2),
      TrafficMirrorTargetId: TARGET.nlb,
      TrafficMirrorFilterId: FILTER,
      SessionNumber: 3,
      TagSpecifications: [{ ResourceType: 'traffic-mirror-session', Tags: [{ Key: 'mirrorctl:policy', Value: 'p' }] }],
    }),
  );
  sandbox.terminateInstance(REGION, smallAccount().regions[REGION]?.instances?.[0]?.id ?? '');
  return sandbox.toFile();
}

function userError(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (isUserError(error)) return error as UserError;
    throw error;
  }
  throw new Error('expected a UserError');
}

async function readError(path: string): Promise<UserError> {
  const error = await readSandboxFile(path).catch((caught: unknown) => caught);
  if (!isUserError(error)) throw new Error(`expected a UserError, got ${String(error)}`);
  return error as UserError;
}

describe('round trip', () => {
  it.each(['account.yaml', 'account.json'])('write → read → the same state (%s)', async (name) => {
    const state = await changedAccount();
    const path = join(directory, name);
    await writeSandboxFile(path, state);
    const read = await readSandboxFile(path);
    expect(createSandbox(read).toFile()).toEqual(state);
  });

  it('writes YAML for .yaml and JSON otherwise, leaving no temporary file', async () => {
    const state = smallAccount();
    await writeSandboxFile(join(directory, 'a.yml'), state);
    await writeSandboxFile(join(directory, 'a.sandbox'), state);
    expect(parse(await readFile(join(directory, 'a.yml'), 'utf8'))).toMatchObject({ version: 1, accountId: state.accountId });
    expect(JSON.parse(await readFile(join(directory, 'a.sandbox'), 'utf8'))).toMatchObject({ accountId: state.accountId });
    expect((await readdir(directory)).sort()).toEqual(['a.sandbox', 'a.yml']);
  });

  it('replaces an existing file in one step', async () => {
    const path = join(directory, 'account.json');
    await writeFile(path, 'old', 'utf8');
    await writeSandboxFile(path, smallAccount());
    expect(JSON.parse(await readFile(path, 'utf8')).version).toBe(1);
  });

  it('loads the demo account with its policy references in place', async () => {
    const demo = await readSandboxFile('examples/sandbox/demo-account.yaml');
    const policy = parse(await readFile('examples/sandbox/mirror.config.yaml', 'utf8')) as {
      targets: Record<string, { networkLoadBalancerArn?: string; networkInterfaceId?: string; managedNetworkLoadBalancer?: { vpc: string } }>;
      vpcs: { id?: string }[];
      exclude: { instances: string[] };
    };
    const regions = Object.values(demo.regions);
    const all = <T>(pick: (region: (typeof regions)[number]) => T[] | undefined) => regions.flatMap((region) => pick(region) ?? []);
    expect(all((region) => region.instances)).toHaveLength(29);
    const lbArns = all((region) => region.loadBalancers).map((lb) => lb.arn);
    const eniIds = all((region) => region.instances).flatMap((instance) => instance.interfaces.map((eni) => eni.id));
    for (const target of Object.values(policy.targets)) {
      if (target.networkLoadBalancerArn) expect(lbArns).toContain(target.networkLoadBalancerArn);
      if (target.networkInterfaceId) expect(eniIds).toContain(target.networkInterfaceId);
      if (target.managedNetworkLoadBalancer) expect(all((region) => region.vpcs).map((vpc) => vpc.id)).toContain(target.managedNetworkLoadBalancer.vpc);
    }
    const vpcIds = all((region) => region.vpcs).map((vpc) => vpc.id);
    for (const entry of policy.vpcs) if (entry.id) expect(vpcIds).toContain(entry.id);
    const instanceIds = all((region) => region.instances).map((instance) => instance.id);
    for (const id of policy.exclude.instances) expect(instanceIds).toContain(id);
    const owned = regions.flatMap((region) => [
      ...(region.trafficMirrorSessions ?? []),
      ...(region.trafficMirrorTargets ?? []),
      ...(region.trafficMirrorFilters ?? []),
    ]);
    expect(owned.filter((resource) => resource.tags?.['mirrorctl:policy'] !== undefined)).toEqual([]);
  });
});

describe('malformed files give located errors', () => {
  it('reports YAML syntax errors at their line and column', async () => {
    const path = join(directory, 'bad.yaml');
    await writeFile(path, 'version: 1\naccountId: "123456789012"\nregions:\n  us-east-1: {vpcs: [\n', 'utf8');
    const error = await readError(path);
    expect(error.location?.file).toBe(path);
    expect(error.location?.line).toBeGreaterThanOrEqual(4);
    expect(error.message).toContain(`${path}:`);
  });

  it('points at an unknown key itself', () => {
    const text = [
      'version: 1',
      'accountId: 123456789012',
      'regions:',
      '  us-east-1:',
      '    vpcs:',
      '      - id: vpc-0000000000000000a',
      '        cidrr: 10.0.0.0/16',
    ].join('\n');
    const error = userError(() => parseSandboxFile(text, 'demo.yaml'));
    expect(error.location).toEqual({ file: 'demo.yaml', line: 7, column: 9 });
    expect(error.message).toContain('demo.yaml:7:9: unknown key "cidrr" (not part of the sandbox file format)');
  });

  it('names a missing required key instead of "Invalid input", at the item that lacks it', () => {
    const text = [
      'version: 1',
      'accountId: "123456789012"',
      'regions:',
      '  us-east-1:',
      '    vpcs: [{ id: vpc-0000000000000000a }]',
      '    subnets: [{ id: subnet-0000000000000000a, vpcId: vpc-0000000000000000a, az: us-east-1a }]',
      '    instances:',
      '      - id: i-0000000000000000a',
      '        state: running',
      '        subnetId: subnet-0000000000000000a',
      '        interfaces: []',
    ].join('\n');
    const error = userError(() => parseSandboxFile(text, 'x.yaml'));
    expect(error.location).toEqual({ file: 'x.yaml', line: 8, column: 9 });
    expect(error.message).toContain('x.yaml:8:9: missing required key "type" (string)');
    expect(error.message).not.toContain('Invalid input');
    expect(userError(() => parseSandboxFile('', 'empty.yaml')).message).toContain('the file is empty');
  });

  it('names a missing key whose schema is a literal or a choice as missing too, with what it should hold', () => {
    const text = [
      'accountId: "123456789012"',
      'regions:',
      '  us-east-1:',
      '    vpcs: [{ id: vpc-0000000000000000a }]',
      '    subnets: [{ id: subnet-0000000000000000a, vpcId: vpc-0000000000000000a, az: us-east-1a }]',
      '    instances:',
      '      - { id: i-0000000000000000a, type: m5.large, subnetId: subnet-0000000000000000a, interfaces: [] }',
    ].join('\n');
    const message = userError(() => parseSandboxFile(text, 'x.yaml')).message;
    expect(message).toContain('missing required key "version" (1)');
    expect(message).toContain('missing required key "state" (one of "pending", "running", "stopping", "stopped", "shutting-down", "terminated")');
    expect(message).not.toMatch(/Invalid (input|option)/);
  });

  it('locates wrong values and broken references, all of them', () => {
    const text = [
      'version: 1',
      'accountId: "123456789012"',
      'regions:',
      '  us-east-1:',
      '    vpcs: [{ id: vpc-0000000000000000a }]',
      '    subnets:',
      '      - { id: subnet-0000000000000000a, vpcId: vpc-0000000000000000b, az: us-east-1a }',
      '    instances:',
      '      - id: i-0000000000000000a',
      '        type: m5.large',
      '        state: sleeping',
      '        subnetId: subnet-0000000000000000a',
      '        interfaces: []',
    ].join('\n');
    const error = userError(() => parseSandboxFile(text, 'x.yaml'));
    expect(error.message).toMatch(/x\.yaml:11:16: .*/);
    expect(error.message).not.toContain('unknown VPC');
    const fixedState = text.replace('sleeping', 'running');
    const reference = userError(() => parseSandboxFile(fixedState, 'x.yaml'));
    expect(reference.message).toContain('x.yaml:7:48: unknown VPC vpc-0000000000000000b');
  });

  it('locates problems in JSON files too', () => {
    const text = JSON.stringify({ version: 1, accountId: '123456789012', regions: { 'us-east-1': { vpcs: [{ id: 'nope' }] } } }, null, 2);
    const error = userError(() => parseSandboxFile(text, 'account.json'));
    expect(error.location).toMatchObject({ file: 'account.json', line: 8, column: 17 });
    expect(error.message).toContain('expected an id like vpc-');
  });

  it('refuses states AWS could not be in', () => {
    const file = smallAccount();
    const region = file.regions[REGION];
    if (!region) throw new Error('fixture');
    region.trafficMirrorSessions = [1, 2, 3, 4].map((n) => ({
      id: `tms-${n.toString(16).padStart(17, '0')}`,
      networkInterfaceId: webInterface(1),
      targetId: TARGET.nlb,
      filterId: FILTER,
      sessionNumber: n,
    }));
    const error = userError(() => validateSandboxFile(file, 'generated'));
    expect(error.message).toContain('regions.us-east-1.trafficMirrorSessions[3]: more than 3 sessions on');
    expect(() => createSandbox(file)).toThrow(/more than 3 sessions/);
  });

  it('refuses a second target of the account on one NLB, but not another account’s shared target', () => {
    const file = smallAccount();
    const region = file.regions[REGION];
    if (!region) throw new Error('fixture');
    const nlbArn = region.trafficMirrorTargets?.find((target) => target.id === TARGET.nlb)?.networkLoadBalancerArn;
    region.trafficMirrorTargets = [
      ...(region.trafficMirrorTargets ?? []),
      { id: 'tmt-00000000000000abc', networkLoadBalancerArn: nlbArn, ownerId: '999988887777' },
    ];
    expect(() => validateSandboxFile(file, 'generated')).not.toThrow();
    region.trafficMirrorTargets.push({ id: 'tmt-00000000000000abd', networkLoadBalancerArn: nlbArn });
    const error = userError(() => validateSandboxFile(file, 'generated'));
    expect(error.message).toContain(
      `regions.us-east-1.trafficMirrorTargets[4]: targets ${TARGET.nlb} and tmt-00000000000000abd are both on ${nlbArn ?? ''}`,
    );
  });

  it('reports a file it cannot write as a user error naming the file, not its temporary copy', async () => {
    const path = join(directory, 'missing', 'account.yaml');
    const error: unknown = await writeSandboxFile(path, smallAccount()).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (!isUserError(error)) throw new Error(`expected a UserError, got ${String(error)}`);
    expect(error.message).toBe(`cannot write the sandbox file ${path}: no such file or directory`);
  });

  it('reports an unreadable path as a user error', async () => {
    const path = join(directory, 'missing.yaml');
    const error = await readError(path);
    expect(error.message).toBe(`cannot read the sandbox file ${path}: no such file or directory`);
    expect(error.hint).toContain('examples/sandbox/demo-account.yaml');
  });
});
