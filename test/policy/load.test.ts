import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/core/errors.js';
import type { Policy } from '../../src/core/types/policy.js';
import { isPolicyError, loadPolicyFile, loadPolicyFromString, loadPolicyOrThrow } from '../../src/policy/load.js';

const TASK_EXAMPLE = 'test/fixtures/policies/valid/task-example.yaml';

const minimal = (body: string) => `version: 1\nname: test\nregions: [us-east-1, eu-west-1]\n${body}`;

function policyOf(text: string): Policy {
  const result = loadPolicyFromString(text, 'inline.yaml');
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (result.policy === undefined) throw new Error(`expected a valid policy: ${JSON.stringify(errors)}`);
  return result.policy;
}

describe('loadPolicyFile: the example policy', () => {
  it('normalises it to the Policy the planner consumes', async () => {
    const result = await loadPolicyFile(TASK_EXAMPLE);
    const arn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/sensors/0123456789abcdef';
    const everything = [
      { number: 100, action: 'accept', source: '0.0.0.0/0', destination: '0.0.0.0/0' },
      { number: 200, action: 'accept', source: '::/0', destination: '::/0' },
    ];
    expect(result.policy).toEqual({
      version: 1,
      name: 'prod-ndr',
      regions: ['us-east-1', 'eu-west-1'],
      targets: {
        'sensor-nlb': { name: 'sensor-nlb', spec: { kind: 'network-load-balancer', networkLoadBalancerArn: arn }, region: 'us-east-1' },
        'sensor-eni': { name: 'sensor-eni', spec: { kind: 'network-interface', networkInterfaceId: 'eni-0a1b2c3d4e5f60718' } },
      },
      filters: {
        'all-traffic': {
          name: 'all-traffic',
          description: 'Everything, plus Amazon DNS',
          networkServices: ['amazon-dns'],
          ingress: everything,
          egress: everything,
        },
        'web-only': {
          name: 'web-only',
          networkServices: [],
          ingress: [
            { number: 10, action: 'accept', protocol: 6, source: '0.0.0.0/0', destination: '10.0.0.0/8', destinationPorts: { from: 443, to: 443 } },
            { number: 20, action: 'reject', protocol: 17, source: '0.0.0.0/0', destination: '0.0.0.0/0', destinationPorts: { from: 1024, to: 65535 } },
          ],
          egress: [],
        },
      },
      vpcs: [
        {
          key: 'vpc-0123456789abcdef0',
          selector: { kind: 'id', vpcId: 'vpc-0123456789abcdef0' },
          target: 'sensor-nlb',
          filter: 'all-traffic',
          interfaces: 'all',
        },
        {
          key: 'tags:mirroring=enabled',
          selector: { kind: 'tags', tags: { mirroring: 'enabled' } },
          target: 'sensor-eni',
          filter: 'web-only',
          interfaces: 'primary',
          instanceTags: { tier: 'web' },
          sessionNumber: 10,
          packetLength: 128,
          virtualNetworkId: 4242,
        },
      ],
      alreadyMirrored: 'skip-same-target',
      exclude: {
        instanceIds: ['i-0aaaaaaaaaaaaaaa1', 'i-0aaaaaaaaaaaaaaa2'],
        networkInterfaceIds: [],
        tags: { mirroring: 'excluded' },
      },
      instanceSupport: { allow: [], deny: [] },
      sessionHourlyRates: {},
      healer: { schedule: 'rate(1 hour)', memoryMb: 512, timeoutSeconds: 300, logRetentionDays: 30 },
    });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['filter-without-egress']);
    expect(result.source).toBe(readFileSync(TASK_EXAMPLE, 'utf8'));
  });
});

describe('normalisation', () => {
  it('keys entries by name, else VPC id, else their sorted tags', () => {
    const policy = policyOf(
      minimal(`targets: { t: { networkInterfaceId: eni-0a1b2c3d4e5f60718 } }
filters: { f: { ingress: [{ number: 1, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }], egress: [{ number: 1, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }] } }
vpcs:
  - { name: web, id: vpc-0123456789abcdef0, target: t, filter: f }
  - { id: vpc-0123456789abcdef1, target: t, filter: f }
  - { tags: { zone: b, env: prod }, target: t, filter: f }
`),
    );
    expect(policy.vpcs.map((entry) => entry.key)).toEqual(['web', 'vpc-0123456789abcdef1', 'tags:env=prod,zone=b']);
  });

  it('reads every protocol and port form, and canonicalises IPv6 blocks', () => {
    const policy = policyOf(
      minimal(`filters:
  f:
    ingress:
      - { number: 1, action: accept, protocol: all, source: "2001:DB8:0::/32", destination: "::/0" }
      - { number: 2, action: reject, protocol: 47, source: 0.0.0.0/0, destination: 0.0.0.0/0, description: GRE }
      - { number: 3, action: accept, protocol: udp, sourcePorts: { from: 53, to: 53 }, destinationPorts: "1024-2048", source: 0.0.0.0/0, destination: 0.0.0.0/0 }
    egress:
      - { number: 1, action: accept, protocol: icmpv6, source: "::/0", destination: "::/0" }
`),
    );
    const filter = policy.filters['f'];
    expect(filter?.ingress).toEqual([
      { number: 1, action: 'accept', source: '2001:db8::/32', destination: '::/0' },
      { number: 2, action: 'reject', protocol: 47, source: '0.0.0.0/0', destination: '0.0.0.0/0', description: 'GRE' },
      {
        number: 3,
        action: 'accept',
        protocol: 17,
        source: '0.0.0.0/0',
        destination: '0.0.0.0/0',
        sourcePorts: { from: 53, to: 53 },
        destinationPorts: { from: 1024, to: 2048 },
      },
    ]);
    expect(filter?.egress[0]?.protocol).toBe(58);
  });

  it('maps every target kind, its description and region', () => {
    const policy = policyOf(
      minimal(`targets:
  gw: { gatewayLoadBalancerEndpointId: vpce-0123456789abcdef0, region: eu-west-1, description: inspection }
  shared: { trafficMirrorTargetId: tmt-0123456789abcdef0 }
`),
    );
    expect(policy.targets).toEqual({
      gw: {
        name: 'gw',
        spec: { kind: 'gateway-load-balancer-endpoint', gatewayLoadBalancerEndpointId: 'vpce-0123456789abcdef0' },
        description: 'inspection',
        region: 'eu-west-1',
      },
      shared: { name: 'shared', spec: { kind: 'existing', trafficMirrorTargetId: 'tmt-0123456789abcdef0' } },
    });
  });

  it('fills defaults and maps overrides, exclusions and prices', () => {
    const defaults = policyOf(minimal(''));
    expect(defaults).toMatchObject({ targets: {}, filters: {}, vpcs: [], sessionHourlyRates: {} });
    expect(defaults.exclude).toEqual({ instanceIds: [], networkInterfaceIds: [], tags: {} });
    const policy = policyOf(
      minimal(`exclude: { networkInterfaces: [eni-0a1b2c3d4e5f60718] }
instanceSupport: { allow: [m8g, c8g.large], deny: [t2] }
pricing: { sessionHourUsd: { eu-west-1: 0.018 } }
`),
    );
    expect(policy.exclude.networkInterfaceIds).toEqual(['eni-0a1b2c3d4e5f60718']);
    expect(policy.instanceSupport).toEqual({ allow: ['m8g', 'c8g.large'], deny: ['t2'] });
    expect(policy.sessionHourlyRates).toEqual({ 'eu-west-1': 0.018 });
  });

  it("reads the healer's settings, each defaulting on its own", () => {
    expect(policyOf(minimal('')).healer).toEqual({ schedule: 'rate(1 hour)', memoryMb: 512, timeoutSeconds: 300, logRetentionDays: 30 });
    expect(policyOf(minimal('healer: { schedule: "cron(15 * * * ? *)", logRetentionDays: 90 }\n')).healer).toEqual({
      schedule: 'cron(15 * * * ? *)',
      memoryMb: 512,
      timeoutSeconds: 300,
      logRetentionDays: 90,
    });
    expect(policyOf(minimal('healer: { schedule: rate(15 minutes), memoryMb: 1024, timeoutSeconds: 900 }\n')).healer).toMatchObject({
      schedule: 'rate(15 minutes)',
      memoryMb: 1024,
      timeoutSeconds: 900,
    });
  });

  it('reads alreadyMirrored at the top level (default skip-same-target) and per entry', () => {
    const targetAndFilter = `targets: { t: { networkInterfaceId: eni-0a1b2c3d4e5f60718 } }
filters: { f: { ingress: [{ number: 1, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }], egress: [{ number: 1, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }] } }
`;
    const defaults = policyOf(minimal(`${targetAndFilter}vpcs: [{ id: vpc-0123456789abcdef0, target: t, filter: f }]\n`));
    expect(defaults.alreadyMirrored).toBe('skip-same-target');
    expect(defaults.vpcs[0]).not.toHaveProperty('alreadyMirrored');
    const policy = policyOf(
      minimal(`alreadyMirrored: skip-any
${targetAndFilter}vpcs:
  - { id: vpc-0123456789abcdef0, target: t, filter: f, alreadyMirrored: add }
  - { tags: { a: b }, target: t, filter: f }
`),
    );
    expect(policy.alreadyMirrored).toBe('skip-any');
    expect(policy.vpcs.map((item) => item.alreadyMirrored)).toEqual(['add', undefined]);
  });

  it('restricts an entry to some regions', () => {
    const policy = policyOf(
      minimal(`targets: { t: { networkInterfaceId: eni-0a1b2c3d4e5f60718 } }
filters: { f: { ingress: [{ number: 1, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }], egress: [{ number: 1, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }] } }
vpcs: [{ tags: { a: b }, regions: [eu-west-1], target: t, filter: f }]
`),
    );
    expect(policy.vpcs[0]?.regions).toEqual(['eu-west-1']);
  });
});

describe('loadPolicyFromString', () => {
  it('is pure: the same text gives the same result', () => {
    const text = readFileSync(TASK_EXAMPLE, 'utf8');
    expect(loadPolicyFromString(text, 'a.yaml')).toEqual(loadPolicyFromString(text, 'a.yaml'));
  });

  it('orders diagnostics by position in the file, whatever stage found them', () => {
    const result = loadPolicyFromString(
      minimal(`vpcs:
  - { id: vpc-1, target: nowhere, filter: nothing, bogus: 1 }
filters:
  f: { ingress: [{ number: 1, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }] }
`),
      'x.yaml',
    );
    const offsets = result.diagnostics.map((d) => d.range?.start.offset ?? -1);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(result.diagnostics.map((d) => d.code)).toEqual([
      'invalid-id',
      'undefined-target',
      'undefined-filter',
      'unknown-key',
      'filter-without-egress',
    ]);
    expect(result.policy).toBeUndefined();
  });

  it('locates positions as 1-based line and column with a 0-based offset', () => {
    const text = 'version: 1\nname: test\nregions: [us-east-1]\nbogus: true\n';
    const [diagnostic] = loadPolicyFromString(text, 'x.yaml').diagnostics;
    expect(diagnostic?.range).toEqual({
      start: { line: 4, column: 1, offset: text.indexOf('bogus') },
      end: { line: 4, column: 6, offset: text.indexOf('bogus') + 5 },
    });
  });
});

describe('loadPolicyOrThrow', () => {
  it('returns the policy, its warnings and the sha256 of the file bytes', async () => {
    const loaded = await loadPolicyOrThrow(TASK_EXAMPLE);
    expect(loaded.policy.name).toBe('prod-ndr');
    expect(loaded.warnings.map((w) => w.code)).toEqual(['filter-without-egress']);
    expect(loaded.hash).toBe(createHash('sha256').update(readFileSync(TASK_EXAMPLE)).digest('hex'));
  });

  it('throws a PolicyError, which is a UserError, carrying the diagnostics and the source', async () => {
    const file = 'test/fixtures/policies/invalid/undefined-target.yaml';
    const error: unknown = await loadPolicyOrThrow(file).catch((e: unknown) => e);
    expect(isPolicyError(error) && isUserError(error)).toBe(true);
    if (!isPolicyError(error)) return;
    expect(error.message).toBe(`${file} is not a valid policy (1 error)`);
    expect(error.diagnostics.map((d) => d.code)).toEqual(['undefined-target']);
    expect(error.source).toBe(readFileSync(file, 'utf8'));
  });

  it('throws a PolicyError for a missing file', async () => {
    const error: unknown = await loadPolicyOrThrow('nowhere.yaml').catch((e: unknown) => e);
    expect(isPolicyError(error) && error.diagnostics[0]?.code).toBe('file-not-found');
  });
});
